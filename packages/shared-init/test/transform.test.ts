import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ABI_VERSION, LAYOUT_SECTION, PLUGIN_EXPORTS, RUNTIME_GLOBAL_NAMES, RUNTIME_NAMESPACE } from "@shared-rt/abi";
import { decodeLayout } from "../src/index.js";

const exec = promisify(execFile);
const packageDir = fileURLToPath(new URL("..", import.meta.url));
const asc = createRequire(import.meta.url)
  .resolve("assemblyscript/package.json")
  .replace(/package\.json$/, "bin/asc.js");

const source = `
class Point { constructor(public x: i32, public y: i32) {} }
class Named { constructor(public name: string, public at: Point) {} }
let kept: Named | null = null;
export function make(name: string): i32 {
  kept = new Named(name, new Point(1, 2));
  return idof<Named>();
}
export function pointId(): i32 { return idof<Point>(); }
`;

let dir: string;

/** Runs asc as a user would, from this package so that `--transform shared-init` resolves by name. */
function compile(args: string[], env: Record<string, string> = {}): Promise<{ wasm: Uint8Array | null; stderr: string; code: number }> {
  return compileEntry("plugin.ts", args, env);
}

async function compileEntry(
  entry: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<{ wasm: Uint8Array | null; stderr: string; code: number }> {
  const out = path.join(dir, `out-${Math.random().toString(36).slice(2)}.wasm`);
  try {
    const { stderr } = await exec(process.execPath, [asc, entry, "--baseDir", dir, "-o", out, ...args], {
      cwd: packageDir,
      env: { ...process.env, ...env },
    });
    return { wasm: new Uint8Array(await readFile(out)), stderr, code: 0 };
  } catch (error) {
    const e = error as { code: number; stderr: string };
    return { wasm: null, stderr: e.stderr, code: e.code };
  }
}

function inspect(wasm: Uint8Array) {
  const module = new WebAssembly.Module(wasm as Uint8Array<ArrayBuffer>);
  return {
    imports: WebAssembly.Module.imports(module),
    exports: WebAssembly.Module.exports(module),
    layout: decodeLayout(WebAssembly.Module.customSections(module, LAYOUT_SECTION)[0]),
  };
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "shared-init-"));
  await writeFile(path.join(dir, "plugin.ts"), source);
  await writeFile(path.join(dir, "rt.ts"), "// a runtime of the user's own\n");
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("asc --transform shared-init", () => {
  it("makes a plugin: runtime imported from the shared runtime, start exported, visitors exported", async () => {
    const { wasm, stderr } = await compile(["--transform", "shared-init", "--memoryBase", "2048", "-O3"]);
    expect(stderr).toBe("");
    const { imports, exports, layout } = inspect(wasm!);
    const namespaces = new Set(imports.map((i) => i.module));
    expect([...namespaces].sort()).toEqual(["env", RUNTIME_NAMESPACE]);
    // The table import goes away when nothing uses it (no function references at -O3).
    const env = imports.filter((i) => i.module === "env").map((i) => i.name);
    expect(env).toEqual(expect.arrayContaining(["abort", "memory"]));
    expect(env.every((name) => ["abort", "memory", "table"].includes(name))).toBe(true);
    expect(imports.filter((i) => i.module === RUNTIME_NAMESPACE).map((i) => i.name)).toContain("__new");
    expect(imports.find((i) => i.name === RUNTIME_GLOBAL_NAMES.stackPointer)).toMatchObject({ kind: "global" });
    const names = exports.map((e) => e.name);
    expect(names).toEqual(expect.arrayContaining(["_start", "make", "pointId", PLUGIN_EXPORTS.visitGlobals, PLUGIN_EXPORTS.visitMembers]));
    expect(names).not.toContain("__new");
    expect(layout).toMatchObject({ abi: ABI_VERSION, collector: "incremental", shadowStack: true, memory: { base: 2048 }, start: "_start" });
    expect(layout.exports.make).toEqual({ params: ["string"], result: "i32", wasm: "(i32)->i32" });
  });

  it("gives the entry file's classes private ids from its base, with no placeholder ids in between", async () => {
    const { wasm } = await compile(["--transform", "shared-init", "-O0"], { SHARED_INIT_CLASS_BASE: "3000" });
    const { layout } = inspect(wasm!);
    expect(layout.classes.base).toBe(3000);
    expect(layout.classes.names).toEqual(["plugin/Named", "plugin/Point"]);
    expect(layout.classes.ids).toEqual([3000, 3001]);
    expect(layout.classes.count).toBe(2);
    // The RTTI table holds 4 common ids plus the plugin's own, not 3000 + count.
    expect(layout.classes.rttiBase).toBeGreaterThan(0);
  });

  it("gives classes of other files shared ids: the registry's, then the next after its highest", async () => {
    await writeFile(
      path.join(dir, "shapes.ts"),
      "export class Shape { constructor(public sides: i32) {} }\nexport class Circle extends Shape { constructor() { super(0); } }\n",
    );
    await writeFile(
      path.join(dir, "user.ts"),
      'import { Circle } from "./shapes";\nexport function make(): i32 { const c = new Circle(); const a = [c.sides.toString()]; return idof<Circle>() + a.length; }\n',
    );
    const registry = path.join(dir, "registry.json");
    await writeFile(registry, JSON.stringify({ "shapes/Shape": 40 }));
    // Registry ids are what a fixed-base build records (a relocatable one records placeholders).
    const run = async (env: Record<string, string>) => {
      const { wasm, stderr } = await compileEntry("user.ts", ["--transform", "shared-init", "-O0"], { SHARED_INIT_RELOCATABLE: "0", ...env });
      expect(stderr).toBe("");
      return inspect(wasm!).layout.classes;
    };
    const shared = await run({ SHARED_INIT_SHARED_CLASSES: registry });
    const ids = Object.fromEntries(shared.names.map((n, k) => [n, shared.ids![k]]));
    expect(ids).toEqual({ "shapes/Shape": 40, "shapes/Circle": 41, "~lib/array/Array<~lib/string/String>": 42, "~lib/array/Array<i32>": 43 });
    expect(shared.count).toBe(0);
    // With its directory private, the shapes are the plugin's own; Array<string> stays shared.
    await mkdir(path.join(dir, "lib"), { recursive: true });
    await writeFile(path.join(dir, "lib/shapes.ts"), await readFile(path.join(dir, "shapes.ts"), "utf8"));
    await writeFile(path.join(dir, "lib/user.ts"), await readFile(path.join(dir, "user.ts"), "utf8"));
    const { wasm } = await compileEntry("lib/user.ts", ["--transform", "shared-init", "-O0"], {
      SHARED_INIT_PRIVATE_DIRS: "lib",
      SHARED_INIT_RELOCATABLE: "0",
    });
    const own = inspect(wasm!).layout.classes;
    expect(Object.fromEntries(own.names.map((n, k) => [n, own.ids![k]]))).toEqual({
      "lib/shapes/Circle": 2048,
      "lib/shapes/Shape": 2049,
      "~lib/array/Array<~lib/string/String>": 32,
      "~lib/array/Array<i32>": 33,
    });
    expect(await compileEntry("user.ts", ["--transform", "shared-init"], { SHARED_INIT_SHARED_CLASSES: path.join(dir, "missing.json") })).toMatchObject({
      code: 1,
      stderr: expect.stringContaining("shared-init: cannot read the shared class ids in"),
    });
  });

  it("builds a relocatable plugin when no base is chosen, and a fixed-base one when one is", async () => {
    const relocatable = inspect((await compile(["--transform", "shared-init", "-O3"])).wasm!).layout;
    expect(relocatable.relocatable).toBeDefined();
    for (const [args, env] of [
      [["--memoryBase", "2048"], {}],
      [["--tableBase", "8"], {}],
      [[], { SHARED_INIT_CLASS_BASE: "3000" }],
      [[], { SHARED_INIT_RELOCATABLE: "0" }],
    ] as [string[], Record<string, string>][]) {
      const { wasm, stderr } = await compile(["--transform", "shared-init", "-O3", ...args], env);
      expect(stderr).toBe("");
      expect(inspect(wasm!).layout.relocatable, `${args.join(" ")} ${JSON.stringify(env)}`).toBeUndefined();
    }
    // An asconfig.json choosing a base counts as chosen by hand. asc resolves its transforms
    // from the asconfig's directory, as from a user's project with shared-init installed.
    await mkdir(path.join(dir, "configured", "node_modules"), { recursive: true });
    await symlink(packageDir, path.join(dir, "configured", "node_modules", "shared-init"), "dir");
    await writeFile(path.join(dir, "configured", "plugin.ts"), source);
    await writeFile(path.join(dir, "configured", "asconfig.json"), JSON.stringify({ options: { transform: ["shared-init"], memoryBase: 4096 } }));
    await exec(process.execPath, [asc, "plugin.ts", "--baseDir", path.join(dir, "configured"), "-o", "fixed.wasm"], { cwd: packageDir });
    const fixed = inspect(new Uint8Array(await readFile(path.join(dir, "configured", "fixed.wasm")))).layout;
    expect(fixed).toMatchObject({ memory: { base: 4096 } });
    expect(fixed.relocatable).toBeUndefined();
  });

  it("is idempotent: listing the transform twice gives the same module", async () => {
    const once = await compile(["--transform", "shared-init", "-O3"]);
    const twice = await compile(["--transform", "shared-init", "--transform", "shared-init", "-O3"]);
    expect(Buffer.compare(once.wasm!, twice.wasm!)).toBe(0);
  });

  it("accepts a shared method that does not type-check for an instance nothing calls it on, as plain asc does", async () => {
    // `${this.first}` type-checks for Pair<string, i32>, not for Pair<Box, string>: plain asc
    // accepts the program because it never compiles that instance's toString. With no subclass
    // here it is not compiled; with one (Tagged) it is, for the owner stub, and becomes a trap.
    await writeFile(
      path.join(dir, "pairs.ts"),
      "export class Box { constructor(public v: i32) {} }\n" +
        // biome-ignore lint/suspicious/noTemplateCurlyInString: AssemblyScript source with a template literal
        "export class Pair<A, B> { constructor(public first: A, public second: B) {} toString(): string { return `(${this.first}, ${this.second})`; } }\n",
    );
    await writeFile(
      path.join(dir, "pairs-user.ts"),
      'import { Box, Pair } from "./pairs";\nclass Tagged extends Pair<Box, string> {}\n' +
        'export function run(): string { const p: Pair<Box, string> = new Tagged(new Box(1), "b"); return new Pair<string, i32>("a", p.first.v).toString(); }\n',
    );
    for (const level of ["-O0", "-O3"]) {
      const { stderr, code } = await compileEntry("pairs-user.ts", ["--transform", "shared-init", "--memoryBase", "2048", "--tableBase", "64", level]);
      expect({ stderr, code }).toEqual({ stderr: "", code: 0 });
    }
  });

  it("keeps `o instanceof I` a run-time test for an Object and a shared interface no class here implements", async () => {
    // Another plugin's class may implement it; plain asc folds the test to false.
    await writeFile(path.join(dir, "visitor.ts"), "export interface Visitor { visit(n: i32): i32; }\n");
    await writeFile(
      path.join(dir, "visits.ts"),
      'import { Visitor } from "./visitor";\nexport function isVisitor(o: Object): bool { return o instanceof Visitor; }\n',
    );
    const { wasm, stderr } = await compileEntry("visits.ts", ["--transform", "shared-init", "--memoryBase", "2048", "--tableBase", "64", "-O3"]);
    expect(stderr).toBe("");
    expect(
      inspect(wasm!)
        .imports.filter((i) => i.module === RUNTIME_NAMESPACE)
        .map((i) => i.name),
    ).toContain("__shared_instanceof");
  });

  it("builds a minimal-collector plugin without a shadow stack", async () => {
    const { wasm } = await compile(["--transform", "shared-init", "--runtime", "minimal", "-O3"]);
    const { imports, layout } = inspect(wasm!);
    expect(layout).toMatchObject({ collector: "minimal", shadowStack: false });
    expect(imports.map((i) => i.name)).not.toContain(RUNTIME_GLOBAL_NAMES.stackPointer);
  });

  it("refuses a module that brings its own runtime, and the stub runtime", async () => {
    const own = await compile(["--transform", "shared-init", "--runtime", "./rt"]);
    expect(own.code).not.toBe(0);
    expect(own.stderr).toMatch(/shared-init: the module brings its own runtime \(--runtime <path>\)/);
    const stub = await compile(["--transform", "shared-init", "--runtime", "stub"]);
    expect(stub.code).not.toBe(0);
    expect(stub.stderr).toMatch(/shared-init: --runtime stub cannot share a collector/);
  });
});
