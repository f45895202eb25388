// An isolated plugin on a threaded host: each worker loads its own instance of it, over a
// private memory and runtime of its own (a one-thread threaded runtime), so its heap and globals
// are per worker, like a plugin global. Calls to it from JS or from a shared plugin on worker k go
// to worker k's instance, values copied at the boundary; the shared heap and each child's heap
// collect apart.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TempProject } from "@shared-rt/linker/testing";
import { loadThreaded, type ThreadedHost } from "@shared-rt/runner/node";
import { isolatedThreadProject } from "./thread-workload-isolated.js";

const WORKERS = [0, 1];

describe("threads: an isolated plugin on every worker, each with its own instance", () => {
  let project: TempProject;
  let minimal: TempProject;
  let host: ThreadedHost;
  beforeAll(async () => {
    [project, minimal] = await Promise.all([isolatedThreadProject(2), isolatedThreadProject(2, "minimal")]);
    host = await loadThreaded(path.join(project.dir, "build", "manifest.json"), { threads: 2 });
  });
  afterAll(async () => {
    await host?.close();
    await project?.remove();
    await minimal?.remove();
  });

  it("is called from JS and from a shared plugin on each worker, values copied both ways", async () => {
    for (const w of WORKERS) {
      expect(await host.callOn(w, "store", "shout", `hi${w}`)).toBe(`HI${w}!`);
      expect(await host.callOn(w, "store", "sum", [1, 2, 3, w])).toBe(6 + w);
      expect(await host.callOn(w, "store", "squares", 4)).toEqual([0, 1, 4, 9]);
      expect(await host.callOn(w, "store", "lengths", ["a", "bb", "ccc"])).toEqual(
        new Map([
          ["a", 1],
          ["bb", 2],
          ["ccc", 3],
        ]),
      );
      // store -> words (shared, on the same worker) -> back.
      expect(await host.callOn(w, "store", "doubled", "ab")).toBe("abab|ABAB");
      // app (shared) -> store.
      expect(await host.callOn(w, "app", "greet", "you")).toBe("HELLO, YOU!");
      // A failure in worker w's instance arrives typed, naming the plugin; the instance goes on.
      await expect(host.callOn(w, "store", "fail", "x")).rejects.toMatchObject({ code: "PLUGIN_ABORT", plugin: "store", worker: w });
      expect(await host.callOn(w, "store", "shout", "again")).toBe("AGAIN!");
    }
  });

  it("keeps its globals per worker: each worker's instance remembers only what it was given", async () => {
    for (const w of WORKERS) await host.callOn(w, "store", "forget");
    expect(await host.callOn(0, "store", "remember", "a")).toBe(1);
    expect(await host.callOn(0, "store", "remember", "b")).toBe(2);
    expect(await host.callOn(1, "store", "remember", "c")).toBe(1);
    expect(await host.callOn(1, "app", "rememberVia", "d")).toBe(2);
    expect(await host.callOn(0, "app", "rememberVia", "e")).toBe(3);
    expect(await host.callOn(0, "store", "recall")).toEqual(["a", "b", "via:e"]);
    expect(await host.callOn(1, "store", "recall")).toEqual(["c", "via:d"]);
  });

  it("collects the shared heap and each worker's isolated heap apart, every value kept", async () => {
    await host.collect(0);
    const baseline = host.heapLive;
    // Allocating in an isolated instance allocates nothing in the shared heap.
    await host.callOn(0, "store", "squares", 5000);
    await host.callOn(1, "store", "churn", 2000, 0);
    expect(host.heapLive).toBe(baseline);
    for (const w of WORKERS) await host.callOn(w, "words", "keep", 40, w + 1);
    const errors = await Promise.all(
      WORKERS.map(async (w) => {
        let wrong = 0;
        for (let round = 0; round < 4; ++round) {
          // Shared objects held in app's frame while it collects the shared heap (__collect) and
          // calls the isolated instance, which collects its own heap inside some of those calls.
          wrong += (await host.callOn(w, "app", "roundTrip", 40, w * 100 + round)) as number;
          wrong += (await host.callOn(w, "store", "churn", 300, 25)) as number;
          await host.collect(w);
          wrong += (await host.callOn(w, "words", "check", 40, w + 1)) as number;
        }
        return wrong;
      }),
    );
    expect(errors).toEqual([0, 0]);
    expect(await host.callOn(0, "store", "recall")).toEqual(["a", "b", "via:e"]);
    expect(await host.callOn(1, "store", "recall")).toEqual(["c", "via:d"]);
    for (const w of WORKERS) await host.callOn(w, "words", "drop");
    await host.collect(1);
    expect(host.heapLive).toBe(baseline);
  });

  it("isolates a plugin the manifest does not mark when the load option `isolate` names it", async () => {
    const unmarked = await isolatedThreadProject(2, "incremental", false);
    const manifest = path.join(unmarked.dir, "build", "manifest.json");
    const [isolating, sharing] = await Promise.all([loadThreaded(manifest, { threads: 2, isolate: ["store"] }), loadThreaded(manifest, { threads: 2 })]);
    try {
      for (const h of [isolating, sharing]) await h.collect(0);
      const before = [isolating.heapLive, sharing.heapLive];
      for (const h of [isolating, sharing]) {
        for (const w of WORKERS) expect(await h.callOn(w, "store", "squares", 3000)).toHaveLength(3000);
      }
      // Isolated, store's arrays live in each worker's own memory; shared, in the shared heap.
      expect(isolating.heapLive).toBe(before[0]);
      expect(sharing.heapLive).toBeGreaterThan(before[1] + 2 * 3000 * 4);
      // A shared plugin reaches the isolated store on each worker (app -> store, copied).
      for (const w of WORKERS) expect(await isolating.callOn(w, "app", "greet", `w${w}`)).toBe(`HELLO, W${w}!`);
    } finally {
      await Promise.all([isolating.close(), sharing.close()]);
      await unmarked.remove();
    }
  });

  it("under the minimal collector, collects worker k's instance when host.collect(k) runs", async () => {
    const small = await loadThreaded(path.join(minimal.dir, "build", "manifest.json"), { threads: 2 });
    try {
      for (const w of WORKERS) expect(await small.callOn(w, "store", "remember", `m${w}`)).toBe(1);
      // ~1.3 MB of garbage per call: some 20 pages a round were it never collected.
      const pages: number[][] = [[], []];
      for (let round = 0; round < 8; ++round) {
        for (const w of WORKERS) pages[w].push((await small.callOn(w, "store", "garbage", 20000)) as number);
        await Promise.all(WORKERS.map((w) => small.collect(w)));
      }
      for (const w of WORKERS) {
        expect(pages[w][7] - pages[w][1]).toBeLessThanOrEqual(2);
        expect(await small.callOn(w, "store", "recall")).toEqual([`m${w}`]);
        expect(await small.callOn(w, "app", "greet", "min")).toBe("HELLO, MIN!");
      }
    } finally {
      await small.close();
    }
  });
});
