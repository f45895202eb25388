import { cp, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadManifestFile } from "@shared-rt/runner/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error: plain ES modules, no declarations
import { formatTable, fuzz, prepareBase, replay } from "../fuzz-run.mjs";
// @ts-expect-error: plain ES modules, no declarations
import { makeCase } from "../make-cases.mjs";

type Base = { dir: string; out: string; files: Record<string, Uint8Array> };
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

describe("what the fuzzer found, named", () => {
  /** A copy of the build with `edit` applied to its files; returns what loading it throws. */
  async function loadEdited(edit: (dir: string) => Promise<void>): Promise<unknown> {
    const dir = await mkdtemp(path.join(tmpdir(), "shared-rt-fuzz-edited-"));
    try {
      await cp(base.out, dir, { recursive: true });
      await edit(dir);
      return await loadManifestFile(path.join(dir, "manifest.json"), { log: () => {} }).then(
        () => undefined,
        (error: unknown) => error,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  const editManifest = (change: (m: { plugins: { memory: { base: unknown } }[]; runtime: { hash: string } }) => void) => async (dir: string) => {
    const file = path.join(dir, "manifest.json");
    const manifest = JSON.parse(await readFile(file, "utf8"));
    change(manifest);
    await writeFile(file, JSON.stringify(manifest));
  };

  it("a field of the wrong type: BAD_MANIFEST naming the manifest, the field, what was expected and found", async () => {
    const error = await loadEdited(editManifest((m) => (m.plugins[1].memory.base = "12")));
    expect(error).toMatchObject({ name: "LoadError", code: "BAD_MANIFEST", plugin: "shapes" });
    expect((error as Error).message).toMatch(
      /^the manifest '.*manifest\.json' is not valid: plugins\[1\]\.memory\.base: expected a non-negative 32-bit integer, found "12"; rebuild the project with shared-rt build$/,
    );
  });

  it("a runtime without its export section: BAD_MODULE naming the file, not 'this.rt.__alloc is not a function'", async () => {
    // @ts-expect-error: plain ES module, no declarations
    const { sections } = await import("../mutate-wasm.mjs");
    const runtime = base.files["runtime.wasm"];
    const exports = (sections(runtime) as { id: number; start: number; end: number }[]).find((x) => x.id === 7)!;
    const stripped = new Uint8Array([...runtime.subarray(0, exports.start), ...runtime.subarray(exports.end)]);
    const error = await loadEdited(async (dir) => {
      await writeFile(path.join(dir, "runtime.wasm"), stripped);
      const { createHash } = await import("node:crypto");
      await editManifest((m) => (m.runtime.hash = `sha256-${createHash("sha256").update(stripped).digest("hex")}`))(dir);
    });
    expect(error).toMatchObject({ code: "BAD_MODULE" });
    expect((error as Error).message).toMatch(/^the runtime \('runtime\.wasm'\) does not export __alloc, /);
  });
});
