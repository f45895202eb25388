import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadManifestFile } from "@shared-rt/runner/node";
import { linkModules } from "../src/index.js";
import { shared } from "./run-cli.js";

// Plugins built by hand, as a user would: `asc x.ts --transform shared-init`, no base chosen,
// then linked with no shared-rt.json of theirs (linkModules, `shared-rt link`) and run.

const exec = promisify(execFile);
const asc = createRequire(import.meta.url)
  .resolve("assemblyscript/package.json")
  .replace(/package\.json$/, "bin/asc.js");
const sharedInitDir = path.dirname(createRequire(import.meta.url).resolve("shared-init/package.json"));

const b = `
class Greeting { constructor(public text: string) {} }
let count = 0;
export function f(name: string): string { count++; return new Greeting("hello, " + name).text + " #" + count.toString(); }
`;
const a = `
@external("b", "f") declare function f(name: string): string;
export function main(name: string): string { return f(name).toUpperCase(); }
`;

let dir: string;
const env = { ...process.env, SHARED_INIT_RELOCATABLE: "", SHARED_INIT_CLASS_BASE: "" };

/** `asc <name>.ts --transform shared-init -O3 -o <name>.wasm [extra…]` in `dir`, resolving shared-init from its node_modules. */
async function handBuild(name: string, source: string, extra: string[] = []): Promise<string> {
  await writeFile(path.join(dir, `${name}.ts`), source);
  await exec(process.execPath, [asc, `${name}.ts`, "--transform", "shared-init", "-O3", "-o", `${name}.wasm`, ...extra], { cwd: dir, env });
  return path.join(dir, `${name}.wasm`);
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "shared-rt-hand-built-"));
  // A user's project has shared-init installed; asc resolves `--transform shared-init` from it.
  await mkdir(path.join(dir, "node_modules"));
  await symlink(sharedInitDir, path.join(dir, "node_modules", "shared-init"), "dir");
  await handBuild("b", b);
  await handBuild("a", a);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("hand-built plugins", () => {
  it("link with linkModules and run with the runner", async () => {
    const bytes = new Uint8Array(await readFile(path.join(dir, "b.wasm")));
    const { manifest, manifestPath } = await linkModules(
      [
        { name: "a", wasm: path.join(dir, "a.wasm") },
        { name: "b", wasm: bytes },
      ],
      { outDir: path.join(dir, "api-out") },
    );
    expect(manifest.plugins.map((p) => p.name)).toEqual(["b", "a"]);
    const host = await loadManifestFile(manifestPath);
    expect(host.call("a", "main", "world")).toBe("HELLO, WORLD #1");
    expect(host.call("b", "f", "you")).toBe("hello, you #2");
  });

  it("link with `shared-rt link` and run with `shared-rt run`", async () => {
    const linked = await shared(["link", "a.wasm", "b=b.wasm", "-o", "cli-out"], dir);
    expect(linked).toMatchObject({ code: 0, stderr: "linked b, a -> cli-out/manifest.json\n" });
    const ran = await shared(["run", "-p", "cli-out/shared-rt.json", "a.main", "world"], dir);
    expect(ran).toMatchObject({ code: 0, stdout: "HELLO, WORLD #1\n" });
    const help = await shared(["link", "--help"], dir);
    expect(help.stdout).toMatch(/^Usage: shared-rt link <a\.wasm>/);
    expect((await shared(["--help"], dir)).stdout).toMatch(/shared-rt link <a\.wasm> \[<name>=<b\.wasm>…\]/);
  });

  it("link byte-identically twice", async () => {
    const outputs = async (out: string) => {
      await linkModules(
        [
          { name: "a", wasm: path.join(dir, "a.wasm") },
          { name: "b", wasm: path.join(dir, "b.wasm") },
        ],
        { outDir: path.join(dir, out) },
      );
      return Promise.all(["manifest.json", "runtime.wasm", "a.wasm", "b.wasm"].map((f) => readFile(path.join(dir, out, f))));
    };
    const [first, second] = [await outputs("same-1"), await outputs("same-2")];
    for (let i = 0; i < first.length; ++i) expect(Buffer.compare(first[i], second[i])).toBe(0);
  });

  it("link when built through an asconfig.json listing the transform", async () => {
    const sub = path.join(dir, "configured");
    await mkdir(sub);
    await writeFile(path.join(sub, "b.ts"), b);
    await writeFile(
      path.join(sub, "asconfig.json"),
      JSON.stringify({ entries: ["b.ts"], options: { transform: ["shared-init"], outFile: "b.wasm", optimizeLevel: 3 } }),
    );
    // asc resolves the asconfig's transforms from its directory upwards: dir/node_modules.
    await exec(process.execPath, [asc], { cwd: sub, env });
    const { manifestPath } = await linkModules(
      [
        { name: "a", wasm: path.join(dir, "a.wasm") },
        { name: "b", wasm: path.join(sub, "b.wasm") },
      ],
      { outDir: path.join(sub, "out") },
    );
    expect((await loadManifestFile(manifestPath)).call("a", "main", "asconfig")).toBe("HELLO, ASCONFIG #1");
  });

  it("refuse a plugin built at a fixed base, by the API and the CLI, naming the file", async () => {
    await handBuild("fixed", "export function one(): i32 { return 1; }\n", ["--memoryBase", "2048"]);
    const message = (file: string) =>
      `plugin 'fixed' (${file}) is not relocatable: it was linked at fixed bases, and the linker cannot place a prebuilt plugin without its sources; build it with asc <entry>.ts --transform shared-init and no --memoryBase, --tableBase or SHARED_INIT_CLASS_BASE`;
    const fixed = path.join(dir, "fixed.wasm");
    await expect(linkModules([{ name: "fixed", wasm: fixed }], { outDir: path.join(dir, "fixed-out") })).rejects.toMatchObject({
      code: "NOT_RELOCATABLE",
      message: message(fixed),
    });
    expect(await shared(["link", "fixed.wasm", "-o", "fixed-out"], dir)).toMatchObject({ code: 1, stderr: `shared-rt: ${message("fixed.wasm")}\n` });
  });

  it("refuse a missing file and a file that is no plugin, naming it", async () => {
    await expect(linkModules([{ name: "gone", wasm: path.join(dir, "gone.wasm") }], { outDir: path.join(dir, "gone-out") })).rejects.toMatchObject({
      code: "BAD_PROJECT",
      message: `plugin 'gone': cannot read '${path.join(dir, "gone.wasm")}': no such file`,
    });
    expect(await shared(["link", "gone.wasm"], dir)).toMatchObject({ code: 1, stderr: "shared-rt: plugin 'gone': cannot read 'gone.wasm': no such file\n" });
    await writeFile(path.join(dir, "junk.wasm"), "not wasm");
    await expect(linkModules([{ name: "junk", wasm: path.join(dir, "junk.wasm") }], { outDir: path.join(dir, "junk-out") })).rejects.toMatchObject({
      code: "NOT_A_PLUGIN",
      message: expect.stringMatching(/^plugin 'junk' \(\/.*\/junk\.wasm\) is not a WebAssembly module/),
    });
  });
});
