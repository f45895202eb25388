import { cp } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempProject, type TempProject } from "@shared-rt/linker/testing";
import { loadThreaded, type ThreadedHost } from "@shared-rt/runner/node";

// Host imports listed in "blocking" count as safepoints: a worker waiting inside one is parked,
// so collections on other workers go on, and every reference its frames hold survives them.
describe('threads: a host import declared "blocking" is a safepoint', () => {
  let project: TempProject;
  let host: ThreadedHost;
  beforeAll(async () => {
    project = await tempProject(
      {},
      {
        plugins: { waiter: { entry: "waiter.ts" } },
        host: "blocking-host.mjs",
        blocking: ["host.waitFor", "host.tickBlocking"],
        optimizeLevel: 3,
        threads: 2,
      },
    );
    for (const file of ["waiter.ts", "blocking-host.mjs"]) await cp(fileURLToPath(new URL(`./plugins/${file}`, import.meta.url)), path.join(project.dir, file));
    await project.build();
    host = await loadThreaded(path.join(project.dir, "build", "manifest.json"), { threads: 2 });
  });
  afterAll(async () => {
    await host?.close();
    await project?.remove();
  });

  it("keeps what a waiting worker holds in a local, a call operand, an array literal and a concatenation through another worker's collections", async () => {
    await host.collect(0);
    const baseline = host.heapLive;
    const flag = (await host.callOn(1, "waiter", "makeFlag")) as number;
    const words = () => new Int32Array(host.memory.buffer, flag, 2);
    for (const holder of ["holdInLocal", "holdAsOperand", "holdInLiteral", "holdInConcat"]) {
      words().fill(0);
      const held = host.callOn(0, "waiter", holder, flag, 48);
      // Worker 0 is inside waitFor (it set word 1) before worker 1 churns; without the safepoint
      // worker 1's first collection would wait for worker 0, which waits for the test: no progress.
      await host.callOn(1, "waiter", "awaitWaiter", flag);
      expect(await host.callOn(1, "waiter", "churn", 400, 48, 20)).toBe(400 * 48);
      await host.collect(1);
      Atomics.store(words(), 0, 1);
      Atomics.notify(words(), 0);
      expect([holder, await held]).toEqual([holder, 0]);
    }
    await host.callOn(1, "waiter", "releaseFlag", flag);
    await host.collect(0);
    expect(host.heapLive).toBe(baseline);
  });

  it("costs a blocking host call more than a plain one (the reason only declared imports are wrapped)", async () => {
    const n = 200_000;
    const sum = n + (n * (n - 1)) / 2;
    const time = async (blocking: boolean) => {
      const start = performance.now();
      expect(await host.callOn(0, "waiter", "ticks", n, blocking)).toBe(sum | 0);
      return ((performance.now() - start) * 1e6) / n;
    };
    await time(false);
    await time(true);
    const plain = Math.min(await time(false), await time(false));
    const blocking = Math.min(await time(true), await time(true));
    console.log(`host call on a worker: plain ${plain.toFixed(0)} ns, blocking ${blocking.toFixed(0)} ns (${(blocking / plain).toFixed(1)}x)`);
    expect(blocking).toBeGreaterThan(plain);
  });
});
