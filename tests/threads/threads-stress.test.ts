import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { THREAD_RECORD, THREAD_STATE, THREAD_STATES } from "@shared-rt/abi";
import type { TempProject } from "@shared-rt/linker/testing";
import { loadManifestFile, loadThreaded, ThreadedCallError, type ThreadedHost } from "@shared-rt/runner/node";
import { dropEverything, heldAcrossWorkers, stressRounds, threadFuzz, threadProject } from "./thread-workload.js";

/** Operations of the fuzz round in the default run; `npm run fuzz:threads` runs 10^6. */
const FUZZ_OPS = Number(process.env.THREADS_FUZZ_OPS ?? 3000);

describe("threads: three plugins on several workers over one shared memory and one collector", () => {
  let project: TempProject;
  const manifest = () => path.join(project.dir, "build", "manifest.json");
  beforeAll(async () => {
    project = await threadProject(4);
  });
  afterAll(() => project.remove());

  for (const threads of [2, 4]) {
    it(`keeps every value through collections forced from any worker (${threads} workers), and the heap returns to its baseline`, async () => {
      const host = await loadThreaded(manifest(), { threads });
      try {
        const baseline = host.heapLive;
        expect(await stressRounds(host, 12)).toBe(0);
        await dropEverything(host);
        expect(host.heapLive).toBe(baseline);
      } finally {
        await host.close();
      }
    });
  }

  it("keeps objects reachable only from another worker's frame through that worker's collections", async () => {
    const host = await loadThreaded(manifest(), { threads: 2 });
    try {
      expect(await heldAcrossWorkers(host, 20)).toBe(0);
    } finally {
      await host.close();
    }
  });

  it("sees memory grown by one worker on every other, in wasm and in each worker's host", async () => {
    const host = await loadThreaded(manifest(), { threads: 2 });
    try {
      const before = host.memory.buffer.byteLength;
      const n = 4_000_000;
      const address = await host.callOn(0, "leaves", "pinnedNumbers", n, 77);
      expect(host.memory.buffer.byteLength).toBeGreaterThan(before + 4 * n);
      expect(await host.callOn(1, "leaves", "numbersErrors", address, n, 77)).toBe(0);
      expect(await host.callOn(1, "leaves", "numbersSlice", address, n - 3, 3)).toEqual([n - 3, n - 2, n - 1].map((i) => i ^ 77));
      await host.callOn(1, "leaves", "unpin", address);
    } finally {
      await host.close();
    }
  });

  it("reports a plugin's failure on its worker as a typed error, and every worker goes on", async () => {
    const host = await loadThreaded(manifest(), { threads: 2 });
    try {
      const failure = await host.callOn(1, "leaves", "makeLeaf", "x", -1, 0).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(ThreadedCallError);
      expect(failure).toMatchObject({ code: "PLUGIN_ABORT", plugin: "leaves", worker: 1 });
      expect(await host.callOn(1, "holders", "stackTest", 50, 5, 1)).toBe(0);
      expect(await host.callOn(0, "holders", "stackTest", 50, 5, 2)).toBe(0);
    } finally {
      await host.close();
    }
  });

  it("stops a worker in a long loop at its explicit poll, so a collection on another worker does not wait for the loop", async () => {
    const host = await loadThreaded(manifest(), { threads: 2 });
    const race = async (polls: boolean) => {
      const order: string[] = [];
      const spinning = host.callOn(0, "leaves", "spin", 400_000_000, polls).then(() => order.push("spin"));
      // Worker 0 inside its call (its record says running), else the collection need not wait for it.
      const state = new Int32Array(host.memory.buffer, host.stateAt + THREAD_STATE.records + THREAD_RECORD.state, 1);
      while (Atomics.load(state, 0) !== THREAD_STATES.running) await new Promise((resolve) => setTimeout(resolve, 1));
      await host.callOn(1, "leaves", "churn", 2000, 100);
      await host.collect(1);
      order.push("collect");
      await spinning;
      return order;
    };
    try {
      // Without polls the collection waits for the loop (which shows the loop was running).
      expect(await race(false)).toEqual(["spin", "collect"]);
      expect(await race(true)).toEqual(["collect", "spin"]);
    } finally {
      await host.close();
    }
  });

  it("refuses more workers than the project was built for, and a load without workers", async () => {
    await expect(loadThreaded(manifest(), { threads: 5 })).rejects.toMatchObject({ code: "THREADS_UNSUPPORTED" });
    await expect(loadManifestFile(manifest())).rejects.toMatchObject({ code: "THREADS_UNSUPPORTED", message: expect.stringContaining("loadThreaded") });
  });

  it(`agrees with the model over a seeded fuzz of ${FUZZ_OPS} operations on 3 workers`, { timeout: Math.max(120_000, FUZZ_OPS * 5) }, async () => {
    const host = await loadThreaded(manifest(), { threads: 3 });
    try {
      const baseline = host.heapLive;
      const result = await threadFuzz(host, FUZZ_OPS, 18);
      expect(result.first).toBeUndefined();
      expect(result.errors).toBe(0);
      await dropEverything(host);
      expect(host.heapLive).toBe(baseline);
    } finally {
      await host.close();
    }
  });
});

// The same workload unoptimized: asc's -O0 keeps every local and spills more (other frames,
// other shadow-stack slots), and the plugins then call the runtime where -O3 inlined.
describe("threads at -O0: the stress rounds and a fuzz on 3 workers", () => {
  let project: TempProject;
  beforeAll(async () => {
    project = await threadProject(3, undefined, 0);
  });
  afterAll(() => project.remove());

  it("keeps every value, agrees with the model, and the heap returns to its baseline", { timeout: 120_000 }, async () => {
    const manifest = path.join(project.dir, "build", "manifest.json");
    // The fuzz's model starts from a fresh host; the fixed rounds get their own.
    const [fuzzed, stressed] = await Promise.all([loadThreaded(manifest, { threads: 3 }), loadThreaded(manifest, { threads: 3 })]);
    try {
      const baselines = [fuzzed.heapLive, stressed.heapLive];
      const result = await threadFuzz(fuzzed, Math.min(FUZZ_OPS, 3000), 7);
      expect(result.first).toBeUndefined();
      expect(result.errors).toBe(0);
      expect(await heldAcrossWorkers(stressed, 10)).toBe(0);
      expect(await stressRounds(stressed, 8)).toBe(0);
      for (const host of [fuzzed, stressed]) await dropEverything(host);
      expect([fuzzed.heapLive, stressed.heapLive]).toEqual(baselines);
    } finally {
      await Promise.all([fuzzed.close(), stressed.close()]);
    }
  });
});

// The suite must fail when a worker's roots are missing from another worker's collection.
describe("the thread stress suite catches a collector that misses another worker's roots", () => {
  const cases = [
    ["other workers' shadow stacks are not scanned", { threadsOwnStackOnly: true }],
    ["other workers' plugin globals are not visited", { threadsSkipRecordedRoots: true }],
  ] as const;
  for (const [what, faults] of cases) {
    it(`fails when ${what}`, async () => {
      const project = await threadProject(2, faults);
      let host: ThreadedHost | undefined;
      try {
        host = await loadThreaded(path.join(project.dir, "build", "manifest.json"));
        const rounds = async () => (await heldAcrossWorkers(host!, 10)) + (await stressRounds(host!, 6));
        const outcome = await rounds().catch((error: Error) => `crash: ${error.message}`);
        expect(outcome, "expected wrong values or a crash").not.toBe(0);
      } finally {
        await host?.close();
        await project.remove();
      }
    });
  }
});
