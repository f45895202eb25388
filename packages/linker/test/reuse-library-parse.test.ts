import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compilePlugin, type PluginCompileOptions } from "../src/compile-plugin.js";

// Plugin builds in one thread reuse the parsed standard library (reuse-library-parse.ts); a
// build with a further transform parses it afresh. Both must give the same bytes, whatever was
// compiled before in the thread (other plugins, the other collector, other bases).
const SOURCES = {
  "a.ts": `class Box { constructor(public s: string) {} }
export function make(n: i32): string { const b = new Box("x" + n.toString()); return b.s.toUpperCase(); }`,
  "b.ts": `export function count(text: string): Map<string, i32> {
  const m = new Map<string, i32>(); const w = text.split(" ");
  for (let i = 0; i < w.length; ++i) m.set(w[i], m.has(w[i]) ? m.get(w[i]) + 1 : 1);
  return m;
}`,
};

let dir: string;
let noop: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "reuse-parse-"));
  for (const [file, text] of Object.entries(SOURCES)) await writeFile(path.join(dir, file), text);
  noop = path.join(dir, "noop-transform.mjs");
  await writeFile(noop, "export default class Noop {}\n");
});

afterAll(() => rm(dir, { recursive: true, force: true }));

const options = (file: string, collector: "incremental" | "minimal", memoryBase: number, transforms?: string[]): PluginCompileOptions => ({
  name: file.replace(".ts", ""),
  entry: path.join(dir, file),
  baseDir: dir,
  collector,
  memoryBase,
  tableBase: 16,
  classIdBase: 4096,
  optimizeLevel: 3,
  shrinkLevel: 0,
  ...(transforms ? { transforms } : {}),
});

describe("reusing the parsed standard library", () => {
  it("gives the bytes a fresh parse gives, in any order of builds", async () => {
    const cases = [
      options("a.ts", "incremental", 65536),
      options("b.ts", "minimal", 65536),
      options("b.ts", "incremental", 131072),
      options("a.ts", "minimal", 131072),
      options("a.ts", "incremental", 65536),
    ];
    for (const c of cases) {
      const reused = await compilePlugin(c);
      const fresh = await compilePlugin({ ...c, transforms: [noop] });
      expect(Buffer.from(reused.wasm).equals(Buffer.from(fresh.wasm)), `${c.name} ${c.collector} at ${c.memoryBase}`).toBe(true);
    }
  }, 120_000);
});
