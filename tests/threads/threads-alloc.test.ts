import { cp } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempProject, type TempProject } from "@shared-rt/linker/testing";
import { loadThreaded } from "@shared-rt/runner/node";

/**
 * Allocation from every worker at once: the runtime's mutex is contended on nearly every
 * allocation, collections run from whichever worker crosses the threshold and are forced from
 * every worker in turn. A lock that lets two workers into the allocator, or a collection that
 * misses a worker's frame, shows as a wrong cell, a trap in the allocator, or a heap that does
 * not return to its baseline.
 */
const CALLS = 4;
const CELLS = 60_000;

describe("threads: contended allocation from every worker", () => {
  let project: TempProject;
  beforeAll(async () => {
    project = await tempProject({}, { plugins: { chains: { entry: "chains.ts" } }, collector: "incremental", optimizeLevel: 3, threads: 3 });
    await cp(fileURLToPath(new URL("./plugins/chains.ts", import.meta.url)), path.join(project.dir, "chains.ts"));
    await project.build();
  });
  afterAll(() => project?.remove());

  for (const threads of [2, 3]) {
    it(`keeps every cell of ${threads} workers allocating at once through their collections, and the heap returns to its baseline`, async () => {
      const host = await loadThreaded(path.join(project.dir, "build", "manifest.json"), { threads });
      try {
        const baseline = host.heapLive;
        const perWorker = await Promise.all(
          Array.from({ length: threads }, async (_, w) => {
            let errors = 0;
            for (let call = 0; call < CALLS; ++call) {
              errors += (await host.callOn(w, "chains", "churnChains", CELLS, 64, w * 7919 + call)) as number;
              if (call % threads === w % threads) await host.collect(w);
            }
            return errors;
          }),
        );
        expect(perWorker).toEqual(perWorker.map(() => 0));
        await host.collect(0);
        expect(host.heapLive).toBe(baseline);
      } finally {
        await host.close();
      }
    });
  }
});
