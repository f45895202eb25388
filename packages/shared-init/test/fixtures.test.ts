import { readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { LAYOUT_SECTION } from "@shared-rt/abi";
import { runAsc } from "@shared-rt/runtime/asc";
import SharedInit, { DELTAS, RELOCATION_BASES, decodeLayout, makeRelocatable } from "../src/index.js";

// Compiler behaviour pinned by fixtures, in AssemblyScript's style: fixtures/<name>.ts in,
// fixtures/<name>.json (the plugin's layout and its relocation report) beside it.
// UPDATE_FIXTURES=1 npx vitest run test/fixtures.test.ts rewrites the expectations.
const dir = fileURLToPath(new URL("./fixtures/", import.meta.url));
const update = process.env.UPDATE_FIXTURES === "1";

async function build(entry: string, bases: { memory: number; table: number; classes: number; shared: number }): Promise<Uint8Array> {
  const run = await runAsc(
    [entry, "--baseDir", dir, "--memoryBase", String(bases.memory), "--tableBase", String(bases.table), "-O3", "--debug", "--noColors", "-o", "out.wasm"],
    [SharedInit.configure({ classIdBase: bases.classes, sharedClassBase: bases.shared })],
  );
  if (run.error) throw new Error(run.stderr || run.error.message);
  return run.outputs.get("out.wasm") as Uint8Array;
}

const fixtures = (await readdir(dir)).filter((f) => f.endsWith(".ts")).sort();

describe("shared-init fixtures", () => {
  for (const file of fixtures) {
    it(file, async () => {
      const first = await build(file, RELOCATION_BASES);
      const second = await build(file, {
        memory: RELOCATION_BASES.memory + DELTAS.memory,
        table: RELOCATION_BASES.table + DELTAS.table,
        classes: RELOCATION_BASES.classes + DELTAS.classes,
        shared: RELOCATION_BASES.shared + DELTAS.shared,
      });
      const layout = decodeLayout(WebAssembly.Module.customSections(new WebAssembly.Module(first as Uint8Array<ArrayBuffer>), LAYOUT_SECTION)[0]);
      const { wasm, report } = makeRelocatable(file, first, second, file);
      const relocated = decodeLayout(WebAssembly.Module.customSections(new WebAssembly.Module(wasm as Uint8Array<ArrayBuffer>), LAYOUT_SECTION)[0]);
      const actual = {
        layout,
        relocation: {
          report,
          blocks: relocated.relocatable!.blocks,
          relocations: relocated.relocatable!.relocations,
        },
      };
      const expectedFile = path.join(dir, file.replace(/\.ts$/, ".json"));
      const text = `${JSON.stringify(actual, null, 2)}\n`;
      if (update) await writeFile(expectedFile, text);
      const expected = JSON.parse(await readFile(expectedFile, "utf8").catch(() => "null"));
      expect(expected, `no expectation for ${file}: run with UPDATE_FIXTURES=1`).not.toBeNull();
      expect(actual).toEqual(expected);
    });
  }
});
