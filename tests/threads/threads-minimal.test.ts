import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TempProject } from "@shared-rt/linker/testing";
import { loadThreaded, type ThreadedHost } from "@shared-rt/runner/node";
import { dropEverything } from "./thread-workload.js";
import { minimalRounds, minimalThreadProject } from "./thread-workload-minimal.js";

describe("threads with the minimal collector: collections only when every worker is between calls", () => {
  let project: TempProject;
  const manifest = () => path.join(project.dir, "build", "manifest.json");
  beforeAll(async () => {
    project = await minimalThreadProject(4);
  });
  afterAll(() => project.remove());

  for (const threads of [2, 4]) {
    it(`keeps every value through collections asked for while every queue is busy (${threads} workers), and the heap returns to its baseline`, async () => {
      const host = await loadThreaded(manifest(), { threads });
      try {
        const baseline = host.heapLive;
        expect(await minimalRounds(host, 8)).toBe(0);
        await dropEverything(host);
        expect(host.heapLive).toBe(baseline);
      } finally {
        await host.close();
      }
    });
  }

  it("does not start a call while a collection waits, and starts the calls made meanwhile in order after it", async () => {
    const host = await loadThreaded(manifest(), { threads: 2 });
    try {
      const order: string[] = [];
      const log = (what: string) => () => order.push(what);
      const spinning = host.callOn(0, "leaves", "spin", 100_000_000, false).then(log("spin"));
      const collected = host.collect(1).then(log("collect"));
      const queued = [host.callOn(1, "leaves", "churn", 10, 0).then(log("churn")), host.callOn(0, "leaves", "check", 0, 0).then(log("check"))];
      await Promise.all([spinning, collected, ...queued]);
      expect(order.slice(0, 2)).toEqual(["spin", "collect"]);
      expect(order.slice(2).sort()).toEqual(["check", "churn"]);
    } finally {
      await host.close();
    }
  });

  it("collects on its own once the heap has grown by collectEvery bytes, between calls, and keeps every value", async () => {
    const every = 1 << 20;
    const churn = async (host: ThreadedHost) => {
      for (let k = 0; k < 8; ++k) await Promise.all([0, 1].map((w) => host.callOn(w, "leaves", "churn", 2000, 0)));
      return host.heapLive;
    };
    // Without the option nothing collects (as on one thread): the garbage stays.
    const plain = await loadThreaded(manifest(), { threads: 2 });
    const auto = await loadThreaded(manifest(), { threads: 2, collectEvery: every });
    try {
      const grown = await churn(plain);
      expect(grown).toBeGreaterThan(4 * every);
      expect(await minimalRounds(auto, 2)).toBe(0);
      expect(await churn(auto)).toBeLessThan(2 * every);
    } finally {
      await plain.close();
      await auto.close();
    }
  });

  it("fails collect() with COLLECT_TIMEOUT naming the worker whose call waits on a Condition, and goes on", async () => {
    const host = await loadThreaded(manifest(), { threads: 2 });
    try {
      const n = 50;
      const address = await host.callOn(1, "counter", "makeShared");
      // Worker 0 waits for increments only a later call makes: a collection cannot wait it out.
      const waited = host.callOn(0, "counter", "waitForCount", address, n);
      const failure = await host.collect(1, { timeout: 300 }).catch((error: unknown) => error);
      expect(failure).toMatchObject({ code: "COLLECT_TIMEOUT", worker: 0, message: expect.stringContaining("worker 0 (counter.waitForCount)") });
      await host.callOn(1, "counter", "incrementMany", address, n, 0);
      expect(await waited).toBe(n);
      expect(await host.callOn(0, "counter", "logErrors", address, 1, n)).toBe(0);
      await host.callOn(0, "counter", "release", address);
      await host.collect(0);
    } finally {
      await host.close();
    }
  });
});

// The suite must fail when a collection leaves out the plugin globals other workers recorded.
describe("the minimal thread suite catches a collector that skips other workers' recorded globals", () => {
  it("fails with the fault threadsSkipRecordedRoots", async () => {
    const project = await minimalThreadProject(2, { threadsSkipRecordedRoots: true });
    let host: ThreadedHost | undefined;
    try {
      host = await loadThreaded(path.join(project.dir, "build", "manifest.json"));
      const outcome = await minimalRounds(host, 4).catch((error: Error) => `crash: ${error.message}`);
      expect(outcome, "expected wrong values or a crash").not.toBe(0);
    } finally {
      await host?.close();
      await project.remove();
    }
  });
});
