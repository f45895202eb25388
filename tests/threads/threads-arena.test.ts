import { createHash } from "node:crypto";
import { cp, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Manifest } from "@shared-rt/abi";
import { tempProject, type TempProject } from "@shared-rt/linker/testing";
import { loadThreaded, type ThreadedHost } from "@shared-rt/runner/node";
import { buildRuntime, type RuntimeFaults } from "@shared-rt/runtime";

/**
 * The threaded runtime's per-worker block caches (packages/runtime/assembly/threads-arena.ts):
 * objects fresh from one worker's cache, made without the mutex, are checked, pinned, grown
 * (__renew) and kept by another worker, then kept only by that worker's global, while every
 * worker allocates and collections are forced from each in turn. A cache that a collection
 * neither marks nor gives back hands out blocks the sweep freed: wrong values, a trap, or a heap
 * that does not return to its baseline.
 */
const THREADS = 3;
const BOXES = 60;
const GROW = 9;

/** The handoff project; with `faults`, its runtime rebuilt with them (same layout) in place of the linked one. */
async function handoffProject(faults?: RuntimeFaults): Promise<TempProject> {
  const project = await tempProject({}, { plugins: { handoff: { entry: "handoff.ts" } }, collector: "incremental", optimizeLevel: 3, threads: THREADS });
  await cp(fileURLToPath(new URL("./plugins/handoff.ts", import.meta.url)), path.join(project.dir, "handoff.ts"));
  await project.build();
  if (!faults) return project;
  const manifestPath = path.join(project.dir, "build", "manifest.json");
  const manifest = JSON.parse(await readFile(manifestPath, "utf8")) as Manifest;
  const { runtime, threads } = manifest;
  const build = await buildRuntime({
    collector: "incremental",
    memoryBase: runtime.memory.base,
    tableBase: runtime.table.base,
    stackSize: threads?.stackSize,
    threads: threads?.count,
    optimizeLevel: 3,
    faults,
  });
  expect([build.dataEnd, build.heapBase, build.tableSize]).toEqual([runtime.memory.end, runtime.stackTop, runtime.table.size]);
  await writeFile(path.join(project.dir, "build", runtime.file), build.wasm);
  runtime.hash = `sha256-${createHash("sha256").update(build.wasm).digest("hex")}`;
  await writeFile(manifestPath, JSON.stringify(manifest));
  return project;
}

const sum = (values: unknown[]) => values.reduce((a: number, b) => a + (b as number), 0);

/** Rounds of make (every worker), adopt by the next worker, forget by the maker; the wrong values seen. */
async function handoffRounds(host: ThreadedHost, rounds: number): Promise<number> {
  const W = host.threads;
  const workers = Array.from({ length: W }, (_, w) => w);
  let errors = 0;
  for (let r = 0; r < rounds; ++r) {
    const seed = (w: number) => r * 1000 + w * 100;
    const addresses = await Promise.all(workers.map((w) => host.callOn(w, "handoff", "make", BOXES, seed(w))));
    // Each worker adopts its neighbour's fresh boxes while it churns and a collection is forced.
    const adopted = workers.map(async (w) => {
      const maker = (w + W - 1) % W;
      const found = (await host.callOn(w, "handoff", "adopt", addresses[maker], BOXES, seed(maker), GROW)) as number;
      return found + ((await host.callOn(w, "handoff", "churn", 300, 0)) as number);
    });
    const [forced] = await Promise.all([host.collect(r % W), ...adopted]).then((all) => [sum(all.slice(1))]);
    errors += forced;
    await Promise.all(workers.map((w) => host.callOn(w, "handoff", "forget")));
    // Every worker churns with its own collections while the others check what they adopted.
    const checked = await Promise.all(
      workers.flatMap((w) => [host.callOn(w, "handoff", "churn", 400, 97), host.callOn((w + 1) % W, "handoff", "checkAdopted", GROW)]),
    );
    errors += sum(checked);
  }
  return errors;
}

describe("threads: objects from one worker's block cache kept, pinned and grown by another", () => {
  let project: TempProject;
  beforeAll(async () => {
    project = await handoffProject();
  });
  afterAll(() => project?.remove());

  it("keeps every value through collections forced from every worker, and the heap returns to its baseline", async () => {
    const host = await loadThreaded(path.join(project.dir, "build", "manifest.json"), { threads: THREADS });
    try {
      // The plugin's start allocated on every worker (its globals' arrays, no garbage): heapLive
      // counts those objects, not the blocks still waiting in the caches the start filled.
      const loaded = host.heapLive;
      await host.collect(0);
      const baseline = host.heapLive;
      expect(baseline).toBe(loaded);
      expect(await handoffRounds(host, 8)).toBe(0);
      for (let w = 0; w < THREADS; ++w) await host.callOn(w, "handoff", "release");
      await host.collect(1);
      expect(host.heapLive).toBe(baseline);
    } finally {
      await host.close();
    }
  });
});

describe("the handoff rounds catch block caches a collection neither marks nor gives back", () => {
  it("fails with the fault threadsKeepArenas", async () => {
    const project = await handoffProject({ threadsKeepArenas: true });
    let host: ThreadedHost | undefined;
    try {
      host = await loadThreaded(path.join(project.dir, "build", "manifest.json"), { threads: THREADS });
      await host.collect(0);
      const baseline = host.heapLive;
      const outcome = await (async () => {
        const errors = await handoffRounds(host!, 8);
        for (let w = 0; w < THREADS; ++w) await host!.callOn(w, "handoff", "release");
        await host!.collect(1);
        return errors || (host!.heapLive === baseline ? 0 : "heap not at its baseline");
      })().catch((error: Error) => `crash: ${error.message}`);
      expect(outcome, "expected wrong values, a crash or a heap off its baseline").not.toBe(0);
    } finally {
      await host?.close();
      await project.remove();
    }
  });
});
