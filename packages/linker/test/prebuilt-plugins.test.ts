import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BuildEvent } from "../src/index.js";
import { tempProject, withLayoutSection, type TempProject } from "../src/testing.js";
import { shared } from "./run-cli.js";

// A plugin built on its own with the asc command line, as its author would, then named in
// another project's shared-rt.json by `"wasm"` and linked there without its sources.
const asc = createRequire(import.meta.url)
  .resolve("assemblyscript/package.json")
  .replace(/package\.json$/, "bin/asc.js");
// Run from this package, so that `--transform shared-init` resolves as it does in a user's project.
const packageDir = fileURLToPath(new URL("..", import.meta.url));

const tokens = (suffix: string) => `
class Counter {
  constructor(public words: i32) {}
}
let seen: Array<string> = [];
export function shout(text: string): string { seen.push(text); return text.toUpperCase() + "${suffix}"; }
export function countWords(text: string): i32 {
  const counter = new Counter(0);
  for (let i = 0; i < text.length; ++i) if (text.charCodeAt(i) != 32 && (i == 0 || text.charCodeAt(i - 1) == 32)) counter.words++;
  return counter.words;
}
export function seenCount(): i32 { return seen.length; }
`;

const app = `
@external("tokens", "shout") declare function shout(text: string): string;
@external("tokens", "countWords") declare function countWords(text: string): i32;
export function main(text: string): string { return shout(text) + " " + countWords(text).toString(); }
`;

/**
 * Builds `<name>.ts` in `dir` with asc and the shared-init transform, as a user would: with no
 * base chosen the plugin is relocatable; `fixedBase` chooses one (--memoryBase), which links it
 * at fixed bases.
 */
async function handBuild(dir: string, name: string, source: string, fixedBase?: number): Promise<Uint8Array> {
  await writeFile(path.join(dir, `${name}.ts`), source);
  const env = { ...process.env, SHARED_INIT_RELOCATABLE: "" };
  const base = fixedBase === undefined ? [] : ["--memoryBase", String(fixedBase)];
  await promisify(execFile)(process.execPath, [asc, `${name}.ts`, "--baseDir", dir, "--transform", "shared-init", "-O3", ...base, "-o", `${name}.wasm`], {
    cwd: packageDir,
    env,
  });
  return new Uint8Array(await readFile(path.join(dir, `${name}.wasm`)));
}

/** A project with the prebuilt tokens plugin (vendor/tokens.wasm) and `app`, from sources, importing from it. */
async function projectWith(wasm: Uint8Array, appSource = app, config: Record<string, unknown> = {}): Promise<TempProject> {
  const project = await tempProject({ "app.ts": appSource }, { plugins: { app: { entry: "app.ts" }, tokens: { wasm: "vendor/tokens.wasm" } }, ...config });
  await mkdir(path.join(project.dir, "vendor"));
  await writeFile(path.join(project.dir, "vendor", "tokens.wasm"), wasm);
  return project;
}

const pluginEvents = (events: BuildEvent[]) => events.filter((e) => e.kind === "plugin").map((e) => [e.name, e.cached]);

let lib: string;
let prebuilt: Uint8Array;
const projects: TempProject[] = [];
beforeAll(async () => {
  lib = await mkdtemp(path.join(tmpdir(), "shared-rt-prebuilt-lib-"));
  prebuilt = await handBuild(lib, "tokens", tokens("!"));
});
afterAll(async () => {
  await Promise.all(projects.map((p) => p.remove()));
  await rm(lib, { recursive: true, force: true });
});

describe("prebuilt plugins", () => {
  it("links a hand-built relocatable plugin with a plugin from sources that imports from it (CLI)", async () => {
    const project = await projectWith(prebuilt);
    projects.push(project);
    const build = await shared(["build"], project.dir);
    expect(build.code).toBe(0);
    expect(build.stderr).toMatch(/^ {2}tokens: \d+ bytes \(prebuilt: vendor\/tokens\.wasm\)$/m);
    const run = await shared(["run", "app.main", "hello big world"], project.dir);
    expect(run).toMatchObject({ code: 0, stdout: "HELLO BIG WORLD! 3\n" });
    // The output is the input, byte for byte.
    expect(new Uint8Array(await readFile(path.join(project.dir, "build", "tokens.wasm")))).toEqual(prebuilt);
  });

  it("loads through the API: placed by the host, its imports resolved, imported from", async () => {
    const project = await projectWith(prebuilt);
    projects.push(project);
    const { manifest } = await project.build();
    const host = await project.load();
    expect(host.call("app", "main", "one two")).toBe("ONE TWO! 2");
    expect(host.call("tokens", "shout", "x")).toBe("X!");
    host.collect();
    expect(host.call("tokens", "seenCount")).toBe(2);
    const entry = manifest.plugins.find((p) => p.name === "tokens")!;
    expect(entry).toMatchObject({ relocatable: true, memory: { base: 0, end: 0 } });
    // In the module's import order, which the optimizer chooses (linked from an object or not).
    const fromTokens = manifest.plugins.find((p) => p.name === "app")!.imports.filter((i) => i.module === "tokens");
    expect(fromTokens).toHaveLength(2);
    expect(fromTokens).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: "shout", provider: "plugin:tokens" }),
        expect.objectContaining({ name: "countWords", provider: "plugin:tokens" }),
      ]),
    );
    expect(host.plugin("tokens").manifest.classes.base).toBeGreaterThanOrEqual(32);
  });

  it("reuses an unchanged prebuilt file and re-reads a changed one, without recompiling its importer", async () => {
    const project = await projectWith(prebuilt);
    projects.push(project);
    expect(pluginEvents((await project.build()).events)).toEqual([
      ["app", false],
      ["tokens", false],
    ]);
    expect(pluginEvents((await project.build()).events)).toEqual([
      ["app", true],
      ["tokens", true],
    ]);
    const changed = await handBuild(lib, "tokens2", tokens("?"));
    await writeFile(path.join(project.dir, "vendor", "tokens.wasm"), changed);
    expect(pluginEvents((await project.build()).events)).toEqual([
      ["app", true],
      ["tokens", false],
    ]);
    expect(new Uint8Array(await readFile(path.join(project.dir, "build", "tokens.wasm")))).toEqual(changed);
    expect((await project.load()).call("app", "main", "a")).toBe("A? 1");
  });

  it("checks imports from it like any other plugin's", async () => {
    const wrong = app.replace("countWords(text: string): i32", "countWords(text: string): f64");
    const project = await projectWith(prebuilt, wrong);
    projects.push(project);
    await expect(project.build()).rejects.toMatchObject({
      code: "IMPORT_SIGNATURE_MISMATCH",
      message: "plugin 'app' imports 'tokens.countWords' with type (i32)->f64 (string) => f64, plugin 'tokens' exports it with type (i32)->i32 (string) => i32",
    });
  });

  it("refuses a prebuilt plugin built for another collector", async () => {
    const project = await projectWith(prebuilt, app, { collector: "minimal" });
    projects.push(project);
    await expect(project.build()).rejects.toMatchObject({
      code: "COLLECTOR_MISMATCH",
      message: "plugin 'tokens' (vendor/tokens.wasm) was built for the incremental collector, the project uses minimal",
    });
  });

  it("refuses a prebuilt plugin that is not relocatable, saying how to build one", async () => {
    const fixed = await handBuild(lib, "fixed", "export function one(): i32 { return 1; }\n", 2048);
    const project = await tempProject({}, { plugins: { fixed: { wasm: "fixed.wasm" } } });
    projects.push(project);
    await writeFile(path.join(project.dir, "fixed.wasm"), fixed);
    await expect(project.build()).rejects.toMatchObject({
      code: "NOT_RELOCATABLE",
      message:
        "plugin 'fixed' (fixed.wasm) is not relocatable: it was linked at fixed bases, and the linker cannot place a prebuilt plugin without its sources; build it with asc <entry>.ts --transform shared-init and no --memoryBase, --tableBase or SHARED_INIT_CLASS_BASE",
    });
  });

  it("refuses a prebuilt plugin cut short or with a layout section that is not its schema, naming the file", async () => {
    const project = await projectWith(prebuilt.subarray(0, prebuilt.length - 10));
    projects.push(project);
    await expect(project.build()).rejects.toMatchObject({ code: "NOT_A_PLUGIN", message: expect.stringContaining("(vendor/tokens.wasm)") });
    const bad = withLayoutSection(prebuilt, { abi: "2" } as never);
    await writeFile(path.join(project.dir, "vendor", "tokens.wasm"), bad);
    await expect(project.build()).rejects.toMatchObject({
      code: "NOT_A_PLUGIN",
      message:
        "plugin 'tokens' (vendor/tokens.wasm) has an invalid shared-rt.layout section: abi: expected a non-negative 32-bit integer, found \"2\"; rebuild it with the shared-init transform",
    });
  });

  it("gives byte-identical outputs for two clean builds", async () => {
    const project = await projectWith(prebuilt);
    projects.push(project);
    const outputs = async () => {
      await project.build({ clean: true });
      const dir = path.join(project.dir, "build");
      const files = (await readdir(dir)).sort();
      return Object.fromEntries(await Promise.all(files.map(async (f) => [f, (await readFile(path.join(dir, f))).toString("base64")])));
    };
    const first = await outputs();
    await rm(path.join(project.dir, "build"), { recursive: true });
    expect(await outputs()).toEqual(first);
    expect(Object.keys(first)).toEqual([".build-cache.json", "app.wasm", "manifest.json", "plugins.d.ts", "runtime.wasm", "tokens.wasm"]);
  });
});
