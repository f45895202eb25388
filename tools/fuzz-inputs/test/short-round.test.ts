import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error: plain ES modules, no declarations
import { formatTable, fuzz, prepareBase, replay } from "../fuzz-run.mjs";
// @ts-expect-error: plain ES modules, no declarations
import { makeCase } from "../make-cases.mjs";

type Base = { dir: string; files: Record<string, Uint8Array> };
type Failure = { case: { index: number; kind: string; target: string; mutation: string }; reply: { outcome: string; message?: string } };

let base: Base;
beforeAll(async () => {
  base = await prepareBase();
});
afterAll(() => rm(base.dir, { recursive: true, force: true }));

describe("the input fuzzer, a short round", () => {
  it("makes the same cases from the same seed", () => {
    const kinds = ["manifest", "project", "wasm"];
    const a = [0, 1, 2, 5].map((i) => makeCase(base, 42, i, kinds, 0));
    const b = [0, 1, 2, 5].map((i) => makeCase(base, 42, i, kinds, 0));
    expect(a).toEqual(b);
    expect(makeCase(base, 43, 0, kinds, 0)).not.toEqual(a[0]);
  });

  it("ends every one of 300 mutations in a correct run or a typed error: no bug, hang or crash", async () => {
    const { table, failures } = await fuzz({ count: 300, seed: 16, kinds: ["manifest", "project", "wasm"], buildRate: 0.03, base });
    const described = (failures as Failure[]).map((f) => `${f.case.kind} ${f.case.target} (${f.case.mutation}): ${f.reply.outcome}: ${f.reply.message}`);
    expect(described).toEqual([]);
    // Every kind ran, and most mutations were refused with a typed error.
    const text: string = formatTable(table);
    for (const kind of ["manifest", "project", "wasm"]) expect(text).toContain(`| ${kind} `);
    expect(text).toMatch(/\| \*\*total\*\* \| \d+ \| \d+ \| [1-9]\d+ \| 0 \| 0 \| 0 \| 300 \|/);
  });

  it("detects a hang and saves it so that it replays", async () => {
    const save = await mkdtemp(path.join(tmpdir(), "shared-rt-fuzz-saved-"));
    try {
      // A timeout no case can meet stands in for a hang: the worker is replaced, the case saved.
      const { failures } = await fuzz({ count: 1, seed: 3, kinds: ["manifest"], base, save, timeoutMs: 1 });
      expect((failures as Failure[]).map((f) => f.reply.outcome)).toEqual(["hang"]);
      const [saved] = await readdir(save);
      expect(saved).toBe("seed-3-case-0");
      const { reply } = await replay(path.join(save, saved));
      expect(["ok", "typed"]).toContain(reply.outcome);
    } finally {
      await rm(save, { recursive: true, force: true });
    }
  });
});
