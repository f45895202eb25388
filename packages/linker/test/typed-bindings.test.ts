import { execFile } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { promisify } from "node:util";
import { typed } from "@shared-rt/runner";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TYPINGS_FILE } from "../src/index.js";
import { tempProject, type TempProject } from "../src/testing.js";

// A built project's plugins.d.ts, checked by the real tsc against @shared-rt/runner's own
// declarations: a right call compiles, a wrong one is a type error.
const require = createRequire(import.meta.url);
const tsc = require.resolve("typescript/bin/tsc");
const runnerTypes = require.resolve("@shared-rt/runner").replace(/index\.js$/, "index.d.ts");

const words = `
export function split(text: string): Array<string> { return text.split(" "); }
export function greet(name: string, punct: string = "!"): string { return "hello, " + name + punct; }
export function total(xs: Int32Array): i64 { let s: i64 = 0; for (let i = 0; i < xs.length; ++i) s += xs[i]; return s; }
export function counts(m: Map<string, i32>): Set<i32> { return new Set<i32>().add(m.get("a")); }
`;

// Host functions the project's host module provides: typed in plugins.d.ts as HostImports.
const app = `
@external("host", "log") declare function log(message: string, count: i64): void;
@external("host", "shout") declare function shout(words: Array<string>): string;
export function run(): string { log("run", 2); return shout(["a", "b"]); }
`;

const hostModule = (body: string) => `
import { raw, type SharedHost } from "@shared-rt/runner";
import type { HostImports } from "./build/plugins.js";
${body}
`;

const usage = (calls: string) => `
import { typed, type SharedHost } from "@shared-rt/runner";
import type { Plugins } from "./build/plugins.js";
declare const host: SharedHost;
const plugins = typed<Plugins>(host);
${calls}
`;

async function typeErrors(dir: string, file: string): Promise<string> {
  const tsconfig = {
    compilerOptions: {
      strict: true,
      noEmit: true,
      target: "es2022",
      module: "nodenext",
      moduleResolution: "nodenext",
      skipLibCheck: true,
      paths: { "@shared-rt/runner": [runnerTypes] },
    },
    files: [file],
  };
  await writeFile(path.join(dir, "tsconfig.json"), JSON.stringify(tsconfig));
  try {
    await promisify(execFile)(process.execPath, [tsc, "-p", dir]);
    return "";
  } catch (error) {
    return (error as { stdout: string }).stdout;
  }
}

describe("typed bindings", () => {
  let project: TempProject;
  beforeAll(async () => {
    project = await tempProject(
      { "words.ts": words, "app.ts": app, "host.mjs": 'export default { host: { log() {}, shout: (words) => words.join(" ") } };' },
      { plugins: { words: { entry: "words.ts" }, app: { entry: "app.ts" } }, host: "host.mjs" },
    );
    await project.build();
  });
  afterAll(() => project.remove());

  it("writes plugins.d.ts with every export", async () => {
    const text = await readFile(path.join(project.dir, "build", TYPINGS_FILE), "utf8");
    expect(text).toContain("    split(a0: string | Owned): Array<string>;");
    expect(text).toContain("    greet(a0: string | Owned, a1?: string | Owned): string;");
    expect(text).toContain("    total(a0: Int32Array | ReadonlyArray<number> | Owned): bigint;");
    expect(text).toContain("    counts(a0: ReadonlyMap<string | Owned, number> | number | Owned): Set<number>;");
    expect(text).toContain("        log: ((a0: string, a1: bigint) => void) | Raw;");
    expect(text).toContain("        shout: ((a0: Array<string>) => string | Owned) | Raw;");
  });

  it("type-checks a host module against HostImports with tsc", async () => {
    await writeFile(
      path.join(project.dir, "host-ok.mts"),
      hostModule(`
export default (host: SharedHost): HostImports => ({
  host: {
    log: (message, count) => { const m: string = message; const c: bigint = count; void host; void m; void c; },
    shout: (words) => words.join(" ").toUpperCase(),
  },
});
// The raw escape hatch: a marked function or namespace gets wasm values.
export const marked: HostImports = { host: { log: raw((ptr: number, count: bigint) => { void ptr; void count; }), shout: () => "" } };
export const namespace: HostImports = { host: raw({ log: (ptr: number) => ptr, shout: (ptr: number) => ptr }) };
`),
    );
    expect(await typeErrors(project.dir, "host-ok.mts")).toBe("");
    await writeFile(
      path.join(project.dir, "host-bad.mts"),
      hostModule(`
export const wrongParameter: HostImports = { host: { log: (message: number) => void message, shout: () => "" } };
export const wrongResult: HostImports = { host: { log: () => {}, shout: (words) => words.length } };
export const missing: HostImports = { host: { log: () => {} } };
export const unmarked: HostImports = { host: { log: (ptr: number) => void ptr, shout: () => "" } };
void raw;
declare const host: SharedHost;
void host;
`),
    );
    const errors = await typeErrors(project.dir, "host-bad.mts");
    expect(errors).toMatch(/host-bad\.mts\(5,54\): error TS2322: Type '\(message: number\) => undefined' is not assignable/);
    expect(errors).toMatch(/host-bad\.mts\(6,66\): error TS2322: Type '\(words: string\[\]\) => number' is not assignable/);
    expect(errors).toMatch(/host-bad\.mts\(7,39\): error TS2322: [^\n]*\n *Property 'shout' is missing/);
    expect(errors).toMatch(/host-bad\.mts\(8,48\): error TS2322: Type '\(ptr: number\) => undefined' is not assignable/);
  });

  it("type-checks right calls with tsc", async () => {
    await writeFile(
      path.join(project.dir, "ok.mts"),
      usage(`
const parts: string[] = plugins.words.split("a b");
const hello: string = plugins.words.greet("x") + plugins.words.greet("x", "?");
const sum: bigint = plugins.words.total([1, 2]) + plugins.words.total(new Int32Array(2));
const set: Set<number> = plugins.words.counts(new Map([["a", 1]]));
export { parts, hello, sum, set };
`),
    );
    expect(await typeErrors(project.dir, "ok.mts")).toBe("");
  });

  it("refuses wrong calls with tsc", async () => {
    await writeFile(
      path.join(project.dir, "bad.mts"),
      usage(`
plugins.words.split(1);
const n: number = plugins.words.split("a b");
plugins.words.greet();
plugins.nosuch.split("a");
export { n };
`),
    );
    const errors = await typeErrors(project.dir, "bad.mts");
    expect(errors).toMatch(/bad\.mts\(7,21\): error TS2345: Argument of type 'number' is not assignable to parameter of type 'string \| Owned<unknown>'/);
    expect(errors).toMatch(/bad\.mts\(8,7\): error TS2322: Type 'string\[\]' is not assignable to type 'number'/);
    expect(errors).toMatch(/bad\.mts\(9,15\): error TS2554: Expected 1-2 arguments, but got 0/);
    expect(errors).toMatch(/bad\.mts\(10,9\): error TS2339: Property 'nosuch' does not exist on type 'Plugins'/);
  });

  it("calls host functions with converted values at run time", async () => {
    const logged: unknown[] = [];
    const host = await project.load({
      hostImports: {
        host: { log: (message: string, count: bigint) => logged.push(message, count), shout: (words: string[]) => words.join(" ").toUpperCase() },
      },
    });
    expect(typed<{ app: { run(): string } }>(host).app.run()).toBe("A B");
    expect(logged).toEqual(["run", 2n]);
  });

  it("calls through typed(host) at run time", async () => {
    const host = await project.load();
    const plugins = typed<{ words: { split(a0: string): string[]; greet(a0: string, a1?: string): string } }>(host);
    expect(plugins.words.split("a b")).toEqual(["a", "b"]);
    expect(plugins.words.greet("x")).toBe("hello, x!");
    expect(Object.keys(plugins)).toEqual(["words", "app"]);
    expect("words" in plugins).toBe(true);
    expect(() => (plugins as unknown as Record<string, unknown>).nosuch).toThrow(expect.objectContaining({ code: "NO_SUCH_PLUGIN" }));
  });
});
