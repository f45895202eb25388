import { readFile, readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { CACHE_FILE, type BuildEvent } from "../src/index.js";
import { tempProject, type TempProject } from "../src/testing.js";

const plugin = (name: string, extra = "") => `
class Thing { constructor(public name: string) {} }
let kept: Thing | null = null;
export function hello(): string { kept = new Thing("${name}"); return "hello from " + kept!.name; }
${extra}`;

let project: TempProject | undefined;
afterEach(async () => {
  await project?.remove();
  project = undefined;
});

const compiled = (events: BuildEvent[]) => events.filter((e) => !e.cached).map((e) => e.name);

async function three(): Promise<TempProject> {
  return tempProject(
    { "a.ts": plugin("a"), "b.ts": plugin("b"), "c.ts": plugin("c") },
    { plugins: { a: { entry: "a.ts" }, b: { entry: "b.ts" }, c: { entry: "c.ts" } }, optimizeLevel: 0 },
  );
}

async function outputs(dir: string): Promise<Map<string, Buffer>> {
  const files = (await readdir(dir)).sort();
  return new Map(await Promise.all(files.map(async (f) => [f, await readFile(path.join(dir, f))] as [string, Buffer])));
}

describe("incremental builds", () => {
  it("reuses everything when nothing changed", async () => {
    project = await three();
    expect(compiled((await project.build()).events)).toEqual(["a", "b", "c", "runtime"]);
    expect(compiled((await project.build()).events)).toEqual([]);
  });

  it("recompiles only the edited plugin while it fits its slot", async () => {
    project = await three();
    const first = await project.build();
    await writeFile(path.join(project.dir, "b.ts"), plugin("b", 'export function more(): string { return "a little more"; }'));
    const second = await project.build();
    expect(compiled(second.events)).toEqual(["b"]);
    for (const name of ["a", "c"]) {
      expect(second.manifest.plugins.find((p) => p.name === name)).toEqual(first.manifest.plugins.find((p) => p.name === name));
    }
    const host = await project.load();
    expect(host.call("b", "more")).toBe("a little more");
    expect(host.call("c", "hello")).toBe("hello from c");
  });

  it("moves and recompiles the plugins after one that outgrows its slot", async () => {
    project = await three();
    const first = await project.build();
    const big = `export function big(): string { return "${"x".repeat(4000)}"; }`;
    await writeFile(path.join(project.dir, "b.ts"), plugin("b", big));
    const second = await project.build();
    expect(compiled(second.events)).toEqual(["b", "c", "runtime"]);
    const c1 = first.manifest.plugins.find((p) => p.name === "c")!;
    const c2 = second.manifest.plugins.find((p) => p.name === "c")!;
    expect(c2.memory.base).toBeGreaterThan(c1.memory.base);
    const host = await project.load();
    expect((host.call("b", "big") as string).length).toBe(4000);
    expect(host.call("c", "hello")).toBe("hello from c");
  });

  it("notices an edit to a file a plugin imports", async () => {
    project = await tempProject(
      { "a.ts": 'import { word } from "./lib";\nexport function say(): string { return word; }\n', "lib.ts": 'export const word = "one";\n' },
      { plugins: { a: { entry: "a.ts" } }, optimizeLevel: 0 },
    );
    await project.build();
    await writeFile(path.join(project.dir, "lib.ts"), 'export const word = "two";\n');
    expect(compiled((await project.build()).events)).toEqual(["a"]);
    expect((await project.load()).call("a", "say")).toBe("two");
  });
});

describe("determinism", () => {
  it("gives byte-identical manifest and wasm when the same inputs are linked twice", async () => {
    project = await three();
    const outDir = path.join(project.dir, "build");
    await project.build({ clean: true });
    const first = await outputs(outDir);
    await project.build({ clean: true });
    const second = await outputs(outDir);
    expect([...first.keys()]).toEqual(["a.wasm", "b.wasm", "c.wasm", CACHE_FILE, "manifest.json", "plugins.d.ts", "runtime.wasm"].sort());
    for (const [file, bytes] of first) expect(Buffer.compare(bytes, second.get(file)!), file).toBe(0);
  });
});
