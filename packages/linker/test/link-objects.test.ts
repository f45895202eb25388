import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { FIRST_PLUGIN_CLASS_ID, SharedClassRegistry } from "@shared-rt/abi";
import { afterEach, describe, expect, it } from "vitest";
import type { BuildEvent } from "../src/index.js";
import { runAsc } from "@shared-rt/runtime/asc";
import { compilePlugin, compileRelocatable, relocateBuilds, relocationBuild } from "../src/compile-plugin.js";
import { linkRelocatable } from "../src/link-object.js";
import { tempProject, type TempProject } from "../src/testing.js";

// Plugins compiled once into objects and linked into their slots without recompiling
// (BuildOptions.linkObjects; link-object.ts, compile-objects.ts).

const here = path.dirname(fileURLToPath(import.meta.url));
const plugin = (name: string, extra = "") => `
class Thing { constructor(public name: string) {} }
let kept: Thing | null = null;
const words: Array<string> = ["alpha", "beta"];
export function hello(): string { kept = new Thing("${name}"); return "hello from " + kept!.name + " " + words[1]; }
${extra}`;

let project: TempProject | undefined;
afterEach(async () => {
  await project?.remove();
  project = undefined;
});

const objectsCompiled = (events: BuildEvent[]) => events.filter((e) => e.object === "compiled").map((e) => e.name);
const relinked = (events: BuildEvent[]) => events.filter((e) => e.object === "cached").map((e) => e.name);
const reused = (events: BuildEvent[]) => events.filter((e) => e.kind === "plugin" && e.cached).map((e) => e.name);

async function four(): Promise<TempProject> {
  const names = ["a", "b", "c", "d"];
  return tempProject(Object.fromEntries(names.map((n) => [`${n}.ts`, plugin(n)])), {
    plugins: Object.fromEntries(names.map((n) => [n, { entry: `${n}.ts` }])),
    optimizeLevel: 1,
  });
}

describe("linking a relocatable object into a slot", () => {
  const options = {
    name: "reloc",
    entry: path.join(here, "relocatable", "reloc.ts"),
    baseDir: path.join(here, "relocatable"),
    collector: "incremental" as const,
  };
  const levels = { optimizeLevel: 2, shrinkLevel: 0 };
  const slot = { memoryBase: 8192, tableBase: 9, classIdBase: FIRST_PLUGIN_CLASS_ID + 40 };

  it("gives the layout a compile at the slot's bases records, and the same bytes for the same inputs", async () => {
    const object = await compileRelocatable({ ...options, ...levels });
    const direct = await compilePlugin({ ...options, ...levels, ...slot, sharedClassIds: {} });
    const registry = new SharedClassRegistry();
    const placement = { memoryBase: slot.memoryBase, tableBase: slot.tableBase, classBase: slot.classIdBase, sharedId: (cls: string) => registry.claim(cls)! };
    const linked = linkRelocatable("reloc", object.wasm, placement, { optimize: 2, shrink: 0 });
    // exports and imports carry the wasm types of functions, which the optimizer may order differently.
    const { exports: _a, imports: _b, ...expected } = direct.layout;
    const { exports: _c, imports: _d, ...actual } = linked.layout;
    expect(actual).toEqual(expected);
    expect(Object.keys(linked.layout.exports)).toEqual(Object.keys(direct.layout.exports));
    const again = linkRelocatable("reloc", object.wasm, placement, { optimize: 2, shrink: 0 });
    expect(Buffer.compare(Buffer.from(again.wasm), Buffer.from(linked.wasm))).toBe(0);
  });

  it("gives the same object and linked bytes whatever Binaryen settings ran before in the thread", async () => {
    const builds = await Promise.all([0, 1].map((which) => compilePlugin(relocationBuild({ ...options, ...levels }, which as 0 | 1))));
    const placement = { memoryBase: slot.memoryBase, tableBase: slot.tableBase, classBase: slot.classIdBase, sharedId: () => 32 };
    // asc leaves Binaryen's process-wide settings as its optimizer set them: -O3 turns Stack IR
    // on, which Binaryen's binary writer reads; -O0 leaves it off, as in a fresh thread.
    const made = async (level: string) => {
      await runAsc([path.join(options.baseDir, "reloc.ts"), "--baseDir", options.baseDir, level, "--noEmit"]);
      const object = relocateBuilds({ ...options, ...levels }, builds[0], builds[1]).wasm;
      return [object, linkRelocatable("reloc", object, placement, { optimize: 2, shrink: 0 }).wasm].map((w) => Buffer.from(w).toString("hex"));
    };
    expect(await made("-O3")).toEqual(await made("-O0"));
  });
});

describe("builds from objects", () => {
  it("compiles every plugin once, then an edit of one of them compiles exactly that one", async () => {
    project = await four();
    const first = await project.build({ linkObjects: true });
    expect(objectsCompiled(first.events)).toEqual(["a", "b", "c", "d"]);
    await writeFile(path.join(project.dir, "c.ts"), plugin("c", 'export function more(): string { return "a little more"; }'));
    const second = await project.build({ linkObjects: true });
    expect(objectsCompiled(second.events)).toEqual(["c"]);
    expect(reused(second.events)).toEqual(["a", "b", "d"]);
    const host = await project.load();
    expect(host.call("c", "more")).toBe("a little more");
    expect(host.call("d", "hello")).toBe("hello from d beta");
  });

  it("relinks, without recompiling, the plugins after one that outgrows its slot", async () => {
    project = await four();
    await project.build({ linkObjects: true });
    const big = `export function big(): string { return "${"x".repeat(6000)}"; }`;
    await writeFile(path.join(project.dir, "b.ts"), plugin("b", big));
    const second = await project.build({ linkObjects: true });
    expect(objectsCompiled(second.events)).toEqual(["b"]);
    expect(relinked(second.events)).toEqual(["c", "d"]);
    const host = await project.load();
    expect((host.call("b", "big") as string).length).toBe(6000);
    expect(host.call("a", "hello")).toBe("hello from a beta");
    expect(host.call("d", "hello")).toBe("hello from d beta");
  });

  it("gives byte-identical outputs from cached objects and from a clean build", async () => {
    project = await four();
    const first = await project.build({ linkObjects: true });
    const bytes = async () => Promise.all(first.manifest.plugins.map((p) => readFile(path.join(project!.dir, "build", p.file))));
    const before = await bytes();
    const manifest = await readFile(first.manifestPath, "utf8");
    await project.build({ linkObjects: true, clean: true });
    expect(await readFile(first.manifestPath, "utf8")).toBe(manifest);
    const after = await bytes();
    for (const [i, b] of after.entries()) expect(Buffer.compare(b, before[i])).toBe(0);
  });
});
