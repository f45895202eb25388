import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LinkError, parseProject, readProject } from "../src/index.js";

const FILE = "/p/shared-rt.json";
const plugins = { a: { entry: "a.ts" } };

/** The message parseProject throws for this project file content. */
function refusal(raw: unknown): string {
  try {
    parseProject(FILE, raw);
  } catch (error) {
    expect(error).toMatchObject({ code: "BAD_PROJECT" });
    return (error as Error).message;
  }
  throw new Error("accepted");
}

describe("parseProject", () => {
  it("fills in the defaults and makes paths absolute", () => {
    expect(parseProject(FILE, { plugins })).toEqual({
      file: FILE,
      dir: "/p",
      plugins: [{ name: "a", entry: "/p/a.ts", relocatable: false, isolated: false }],
      outDir: "/p/build",
      collector: "incremental",
      host: undefined,
      optimizeLevel: 3,
      shrinkLevel: 0,
      transforms: [],
    });
  });

  it("reads a prebuilt plugin's .wasm path, which is always relocatable", () => {
    expect(parseProject(FILE, { plugins: { p: { wasm: "lib/p.wasm" }, q: { wasm: "q.wasm", relocatable: true } } }).plugins).toEqual([
      { name: "p", wasm: "/p/lib/p.wasm", relocatable: true, isolated: false },
      { name: "q", wasm: "/p/q.wasm", relocatable: true, isolated: false },
    ]);
  });

  it("keeps every key it accepts", () => {
    const project = parseProject(FILE, {
      plugins: { a: { entry: "src/a.ts", relocatable: true }, b: { entry: "b.ts", isolated: true } },
      outDir: "out",
      collector: "minimal",
      host: "host.mjs",
      optimizeLevel: 1,
      shrinkLevel: 2,
      stackSize: 4096,
      maximumMemory: 8,
      transforms: ["json-as"],
    });
    expect(project).toMatchObject({
      outDir: "/p/out",
      collector: "minimal",
      host: "/p/host.mjs",
      optimizeLevel: 1,
      shrinkLevel: 2,
      stackSize: 4096,
      maximumMemory: 8,
      transforms: ["json-as"],
    });
    expect(project.plugins).toEqual([
      { name: "a", entry: "/p/src/a.ts", relocatable: true, isolated: false },
      { name: "b", entry: "/p/b.ts", relocatable: false, isolated: true },
    ]);
  });

  it("names the key at fault, what it expected and what it found", () => {
    expect(refusal([])).toBe(`${FILE}: (root): expected an object, found an array`);
    expect(refusal({ plugins, colector: "minimal" })).toBe(
      `${FILE}: colector: unknown key; did you mean "collector"? (known keys are plugins, outDir, collector, host, optimizeLevel, shrinkLevel, stackSize, maximumMemory, transforms, async, threads, blocking)`,
    );
    expect(refusal({ plugins: null })).toBe(`${FILE}: plugins: expected an object of plugins by name, found null`);
    expect(refusal({ plugins: {} })).toBe(`${FILE}: plugins: expected at least one plugin`);
    expect(refusal({ plugins, collector: "stub" })).toBe(`${FILE}: collector: expected one of "incremental", "minimal", found "stub"`);
    expect(refusal({ plugins, collector: "incrmental" })).toBe(
      `${FILE}: collector: expected one of "incremental", "minimal", found "incrmental"; did you mean "incremental"?`,
    );
    expect(refusal({ plugins, verbose: true })).toMatch(/: verbose: unknown key; known keys are plugins, /);
    expect(refusal({ plugins, outDir: "" })).toBe(`${FILE}: outDir: expected a directory path, found ""`);
    expect(refusal({ plugins, host: "host.ts" })).toBe(`${FILE}: host: expected the path of a .mjs module, found "host.ts"`);
    expect(refusal({ plugins, optimizeLevel: 4 })).toBe(`${FILE}: optimizeLevel: expected an integer from 0 to 3, found number 4`);
    expect(refusal({ plugins, shrinkLevel: 1.5 })).toBe(`${FILE}: shrinkLevel: expected an integer from 0 to 2, found number 1.5`);
    expect(refusal({ plugins, stackSize: 16 })).toBe(`${FILE}: stackSize: expected an integer from 1024 to 67108864, found number 16`);
    expect(refusal({ plugins, maximumMemory: "8" })).toBe(`${FILE}: maximumMemory: expected an integer from 1 to 65536, found "8"`);
    expect(refusal({ plugins, threads: 65 })).toBe(`${FILE}: threads: expected an integer from 1 to 64, found number 65`);
    // Threads take either collector (with "minimal", collections wait until every worker is between calls), still range-checked.
    expect(parseProject(FILE, { plugins, threads: 2, collector: "minimal" })).toMatchObject({ threads: 2, collector: "minimal" });
    expect(refusal({ plugins, threads: 0, collector: "minimal" })).toBe(`${FILE}: threads: expected an integer from 1 to 64, found number 0`);
    expect(refusal({ plugins, transforms: [""] })).toBe(`${FILE}: transforms: expected an array of transform package names or paths, found an array`);
    expect(refusal({ plugins, async: ["readText"] })).toBe(
      `${FILE}: async: expected an array of host imports as "module.name" (e.g. "host.readText"), found an array`,
    );
    expect(refusal({ plugins, blocking: "host.waitFor" })).toBe(
      `${FILE}: blocking: expected an array of host imports as "module.name" (e.g. "host.waitFor"), found "host.waitFor"`,
    );
  });

  it("names the plugin and key at fault", () => {
    expect(refusal({ plugins: { "1a": { entry: "a.ts" } } })).toBe(
      `${FILE}: plugins.1a: a plugin name must start with a letter or _ and hold only letters, digits, _ . -`,
    );
    for (const reserved of ["env", "shared-rt", "runtime"]) {
      expect(refusal({ plugins: { [reserved]: { entry: "a.ts" } } })).toBe(
        `${FILE}: plugins.${reserved}: '${reserved}' is reserved for the runtime's own imports`,
      );
    }
    expect(refusal({ plugins: { a: "a.ts" } })).toBe(`${FILE}: plugins.a: expected an object with "entry" or "wasm", found "a.ts"`);
    expect(refusal({ plugins: { a: { entry: "a.ts", entri: 1 } } })).toBe(
      `${FILE}: plugins.a.entri: unknown key; did you mean "entry"? (known keys are entry, wasm, package, relocatable, isolated)`,
    );
    expect(refusal({ plugins: { a: { entry: "a.js" } } })).toBe(`${FILE}: plugins.a.entry: expected the path of a .ts file, found "a.js"`);
    expect(refusal({ plugins: { a: { entry: "a.ts", relocatable: "yes" } } })).toBe(`${FILE}: plugins.a.relocatable: expected true or false, found "yes"`);
    expect(refusal({ plugins: { a: { entry: "a.ts", isolated: 1 } } })).toBe(`${FILE}: plugins.a.isolated: expected true or false, found number 1`);
    expect(refusal({ plugins: { a: { entry: "a.ts", isolated: true, relocatable: true } } })).toBe(
      `${FILE}: plugins.a.isolated: a plugin cannot be both isolated and relocatable`,
    );
    expect(refusal({ plugins: { a: { wasm: "a.js" } } })).toBe(`${FILE}: plugins.a.wasm: expected the path of a .wasm file, found "a.js"`);
    expect(refusal({ plugins: { a: { wasm: "a.wasm", relocatable: false } } })).toBe(
      `${FILE}: plugins.a.relocatable: a prebuilt plugin ("wasm") is always relocatable`,
    );
    expect(refusal({ plugins: { a: { wasm: "a.wasm", isolated: true } } })).toBe(
      `${FILE}: plugins.a.isolated: a prebuilt plugin ("wasm") is relocatable and cannot be isolated`,
    );
  });
});

describe("readProject", () => {
  let dir: string;
  let file: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "shared-rt-project-"));
    file = path.join(dir, "shared-rt.json");
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  /** The error readProject throws for a project file of this text. */
  async function readError(text: string): Promise<LinkError> {
    await writeFile(file, text);
    const error = await readProject(file).then(
      () => undefined,
      (e: unknown) => e,
    );
    if (!(error instanceof LinkError)) throw new Error(`expected a LinkError, got ${String(error)}`);
    return error;
  }

  it("names a missing file", async () => {
    await expect(readProject(path.join(dir, "none.json"))).rejects.toMatchObject({ code: "NO_PROJECT", message: expect.stringMatching(/: no such file$/) });
  });

  it("says where JSON is not valid, by line:column with the line and a caret", async () => {
    const error = await readError('{\n  "plugins": { "a": { "entry": "a.ts" } }\n  "collector": "minimal"\n}\n');
    expect(error.code).toBe("BAD_PROJECT");
    expect(error.message).toBe(
      `${file}:3:3: not valid JSON: expected ',' or '}' after the value of "plugins", found '"'\n3 |   "collector": "minimal"\n      ^`,
    );
    expect(error.problems).toEqual([{ path: "(root)", message: expect.stringMatching(/^not valid JSON/), line: 3, column: 3 }]);
  });

  it("reports every problem at once, in the file's order, each with its path, line:column and a suggestion where one is near", async () => {
    const text = [
      "{",
      '  "plugins": {',
      '    "a": { "entry": "a.ts", "relocateable": true },',
      '    "b": { "entry": "b.js" }',
      "  },",
      '  "colector": "minimal",',
      '  "optimizeLevel": 5',
      "}",
    ].join("\n");
    const error = await readError(text);
    expect(error.problems).toEqual([
      { path: "plugins.a.relocateable", message: expect.stringMatching(/^unknown key; did you mean "relocatable"\?/), line: 3, column: 29 },
      { path: "plugins.b.entry", message: 'expected the path of a .ts file, found "b.js"', line: 4, column: 21 },
      { path: "colector", message: expect.stringMatching(/^unknown key; did you mean "collector"\?/), line: 6, column: 3 },
      { path: "optimizeLevel", message: "expected an integer from 0 to 3, found number 5", line: 7, column: 20 },
    ]);
    expect(error.message.split("\n")).toEqual([
      `${file}: 4 problems`,
      ...error.problems!.map((p) => `  ${file}:${p.line}:${p.column}: ${p.path}: ${p.message}`),
    ]);
  });
});
