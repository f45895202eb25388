// Ordinary programs that built or ran wrong (issue 10): asc warnings, exports with default
// parameters, generic types in the link check, a plugin named like a host namespace.
import { afterEach, describe, expect, it } from "vitest";
import { LinkError } from "../src/index.js";
import { tempProject, type TempProject } from "../src/testing.js";
import { shared } from "./run-cli.js";

let project: TempProject | undefined;
afterEach(async () => {
  await project?.remove();
  project = undefined;
});

async function buildError(files: Record<string, string>, config: Record<string, unknown>): Promise<LinkError> {
  project = await tempProject(files, config);
  const error = await project.build().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LinkError);
  return error as LinkError;
}

describe("asc diagnostics", () => {
  const maker = 'export function make(): Tag { return new Tag(); }\nexport class Tag {\n  name: string = "t";\n}\n';

  it("builds a plugin asc only warns about, and prints the warning as asc does", async () => {
    project = await tempProject({ "maker.ts": maker }, { plugins: { maker: { entry: "maker.ts" } }, optimizeLevel: 0 });
    const run = await shared(["build"], project.dir);
    expect(run.stderr).toContain("maker.ts:2:14: warning AS235: Only variables, functions and enums become WebAssembly module exports.");
    // asc's code frame: the source line and where in the file.
    expect(run.stderr).toMatch(/2 │ export class Tag \{\n\s+│\s+~~~\n\s+└─ in maker\.ts\(2,14\)/);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/built 1 plugin\(s\)/);
  });

  it("keeps warnings structured in --json", async () => {
    project = await tempProject({ "maker.ts": maker }, { plugins: { maker: { entry: "maker.ts" } }, optimizeLevel: 0 });
    const run = await shared(["build", "--json"], project.dir);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as { ok: boolean; modules: { name: string; diagnostics?: unknown[] }[] };
    expect(result.ok).toBe(true);
    expect(result.modules.find((m) => m.name === "maker")?.diagnostics).toEqual([
      expect.objectContaining({ file: "maker.ts", line: 2, column: 14, code: 235, category: "warning" }),
    ]);
  });

  it("still fails on errors, structured in --json", async () => {
    project = await tempProject({ "a.ts": "export function f(): i32 {\n  return nope;\n}\n" }, { plugins: { a: { entry: "a.ts" } } });
    const text = await shared(["build"], project.dir);
    expect(text.code).not.toBe(0);
    expect(text.stderr).toContain("a.ts:2:10: error AS2304: Cannot find name 'nope'.\n   :\n 2 │ return nope;\n   │        ~~~~\n   └─ in a.ts(2,10)\n");
    const json = await shared(["build", "--json"], project.dir);
    expect(json.code).toBe(1);
    const result = JSON.parse(json.stdout) as { ok: boolean; error: { code: string; diagnostics: unknown[] } };
    expect(result.error.code).toBe("COMPILE_FAILED");
    expect(result.error.diagnostics).toEqual([expect.objectContaining({ file: "a.ts", line: 2, column: 10, code: 2304, category: "error" })]);
  });
});

describe("exports with default parameters", () => {
  const greeter = 'export function greet(name: string, punct: string = "!"): string { return "hi " + name + punct; }\n';
  const caller = [
    '@external("b", "greet") declare function greet(name: string, punct: string = "?"): string;',
    'export function all(): string { return greet("x", "."); }',
    'export function omitted(): string { return greet("y"); }',
    "",
  ].join("\n");

  for (const collector of ["incremental", "minimal"]) {
    for (const optimizeLevel of [0, 3]) {
      it(`are called from another plugin and from the host (${collector}, -O${optimizeLevel})`, async () => {
        project = await tempProject({ "b.ts": greeter, "a.ts": caller }, { plugins: { b: { entry: "b.ts" }, a: { entry: "a.ts" } }, collector, optimizeLevel });
        const { manifest } = await project.build();
        expect(manifest.plugins.find((p) => p.name === "b")!.exports.greet).toMatchObject({ params: ["string", "string"], result: "string", optional: 1 });
        const host = await project.load();
        expect(host.call("a", "all")).toBe("hi x.");
        // The caller's own default: its declaration fills the argument in.
        expect(host.call("a", "omitted")).toBe("hi y?");
        expect(host.call("b", "greet", "z", "?")).toBe("hi z?");
      });
    }
  }

  // A function reference is called through the table: its caller sets the argument count and
  // the callee, another plugin's function, reads it; the count is one for every plugin.
  const provider =
    'function greet(name: string, punct: string = "!"): string { return "hi " + name + punct; }\nexport function greeter(): (name: string, punct?: string) => string { return greet; }\n';
  const user = [
    '@external("a", "greeter") declare function greeter(): (name: string, punct?: string) => string;',
    'export function omitted(): string { return greeter()("x"); }',
    'export function given(): string { return greeter()("y", "?"); }',
    "",
  ].join("\n");
  for (const collector of ["incremental", "minimal"]) {
    for (const optimizeLevel of [0, 3]) {
      for (const relocatable of [false, true]) {
        it(`are called through a function reference from another plugin (${collector}, -O${optimizeLevel}${relocatable ? ", relocatable" : ""})`, async () => {
          project = await tempProject(
            { "a.ts": provider, "b.ts": user },
            { plugins: { a: { entry: "a.ts", relocatable }, b: { entry: "b.ts" } }, collector, optimizeLevel },
          );
          await project.build();
          const host = await project.load();
          expect([host.call("b", "omitted"), host.call("b", "given"), host.call("b", "omitted")]).toEqual(["hi x!", "hi y?", "hi x!"]);
        });
      }
    }
  }

  it("are called with every argument from the CLI", async () => {
    project = await tempProject({ "b.ts": greeter }, { plugins: { b: { entry: "b.ts" } }, optimizeLevel: 0 });
    expect((await shared(["build"], project.dir)).code).toBe(0);
    const run = await shared(["run", "b.greet", "x", "?"], project.dir);
    expect(run.stderr).toBe("");
    expect(run.stdout).toBe("hi x?\n");
  });
});

describe("the link check compares full types", () => {
  const cases: [string, string, string, string][] = [
    ["Array<i32>", "Array<i64>", "total(a: Array<i32>): i64", "total(a: Array<i64>): i64"],
    ["Map<string,i32>", "Array<string>", "total(a: Map<string,i32>): i64", "total(a: Array<string>): i64"],
    ["Uint8Array", "Float64Array", "total(a: Uint8Array): i64", "total(a: Float64Array): i64"],
    ["string | null", "string", "total(a: string | null): i64", "total(a: string): i64"],
  ];
  for (const [imported, exported, importDecl, exportDecl] of cases) {
    it(`refuses ${imported} for ${exported}`, async () => {
      const error = await buildError(
        {
          "a.ts": `@external("b", "total") declare function ${importDecl};\nexport function g(): i64 { return total(changetype<${imported}>(0)); }\n`,
          "b.ts": `export function ${exportDecl} { return 0; }\n`,
        },
        { plugins: { a: { entry: "a.ts" }, b: { entry: "b.ts" } }, optimizeLevel: 0 },
      );
      expect(error.code).toBe("IMPORT_SIGNATURE_MISMATCH");
      expect(error.message).toBe(
        `plugin 'a' imports 'b.total' with type (i32)->i64 (${imported}) => i64, plugin 'b' exports it with type (i32)->i64 (${exported}) => i64`,
      );
    });
  }

  it("accepts a subclass where the export takes its base, and a nullable result where it returns non-null", async () => {
    const animals = 'export class Animal { name: string = "animal"; }\nexport class Bird extends Animal { wings: i32 = 2; }\n';
    project = await tempProject(
      {
        "animals.ts": animals,
        "b.ts":
          'import { Animal } from "./animals";\nexport function nameOf(a: Animal): string { return a.name; }\nexport function make(): Animal { return new Animal(); }\n',
        "a.ts": [
          'import { Animal, Bird } from "./animals";',
          '@external("b", "nameOf") declare function nameOf(a: Bird): string;',
          '@external("b", "make") declare function make(): Animal | null;',
          'export function run(): string { return nameOf(new Bird()) + (make() ? "+" : "-"); }',
          "",
        ].join("\n"),
      },
      { plugins: { b: { entry: "b.ts" }, a: { entry: "a.ts" } }, optimizeLevel: 0 },
    );
    await project.build();
    const host = await project.load();
    expect(host.call("a", "run")).toBe("animal+");
  });

  it("refuses a base class where the export takes a subclass", async () => {
    const animals = 'export class Animal { name: string = "animal"; }\nexport class Bird extends Animal { wings: i32 = 2; }\n';
    const error = await buildError(
      {
        "animals.ts": animals,
        "b.ts": 'import { Bird } from "./animals";\nexport function wingsOf(b: Bird): i32 { return b.wings; }\n',
        "a.ts":
          'import { Animal } from "./animals";\n@external("b", "wingsOf") declare function wingsOf(a: Animal): i32;\nexport function run(): i32 { return wingsOf(new Animal()); }\n',
      },
      { plugins: { b: { entry: "b.ts" }, a: { entry: "a.ts" } }, optimizeLevel: 0 },
    );
    expect(error.message).toBe("plugin 'a' imports 'b.wingsOf' with type (i32)->i32 (Animal) => i32, plugin 'b' exports it with type (i32)->i32 (Bird) => i32");
  });
});

describe("a plugin named like a host import namespace", () => {
  it("resolves its own namespace to the host module", async () => {
    project = await tempProject(
      {
        "math.ts": '@external("math", "mod") declare function mod(a: i32, b: i32): i32;\nexport function run(): i32 { return mod(17, 5); }\n',
        "host.mjs": "export default () => ({ math: { mod: (a, b) => a % b } });\n",
      },
      { plugins: { math: { entry: "math.ts" } }, host: "host.mjs", optimizeLevel: 0 },
    );
    const { manifest } = await project.build();
    expect(manifest.plugins[0].imports.find((i) => i.name === "mod")?.provider).toBe("host");
    const run = await shared(["run", "math.run"], project.dir);
    expect(run.stderr).toBe("");
    expect(run.stdout).toBe("2\n");
  });

  it("says a plugin cannot import from itself when no host module is there", async () => {
    const error = await buildError(
      { "math.ts": '@external("math", "mod") declare function mod(a: i32, b: i32): i32;\nexport function run(): i32 { return mod(17, 5); }\n' },
      { plugins: { math: { entry: "math.ts" } }, optimizeLevel: 0 },
    );
    expect(error.code).toBe("IMPORT_UNRESOLVED");
    expect(error.message).toBe(
      "plugin 'math' imports 'math.mod': a plugin cannot import from itself, and the project has no \"host\" module to provide 'math.mod'",
    );
  });
});

describe("globals of a shared source file", () => {
  it("exist once per plugin (static-library semantics); one owner plugin gives one instance", async () => {
    project = await tempProject(
      {
        "shared.ts": "export let counter = 0;\nexport function bump(): i32 { return ++counter; }\n",
        "counter.ts": "let count = 0;\nexport function increment(): i32 { return ++count; }\n",
        "a.ts":
          'import { bump } from "./shared";\n@external("counter", "increment") declare function increment(): i32;\nexport function local(): i32 { return bump(); }\nexport function owned(): i32 { return increment(); }\n',
        "b.ts":
          'import { bump } from "./shared";\n@external("counter", "increment") declare function increment(): i32;\nexport function local(): i32 { return bump(); }\nexport function owned(): i32 { return increment(); }\n',
      },
      { plugins: { counter: { entry: "counter.ts" }, a: { entry: "a.ts" }, b: { entry: "b.ts" } }, optimizeLevel: 0 },
    );
    await project.build();
    const host = await project.load();
    expect([host.call("a", "local"), host.call("a", "local"), host.call("b", "local")]).toEqual([1, 2, 1]);
    expect([host.call("a", "owned"), host.call("a", "owned"), host.call("b", "owned")]).toEqual([1, 2, 3]);
  });
});
