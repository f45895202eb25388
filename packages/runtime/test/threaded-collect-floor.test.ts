import { describe, expect, it } from "vitest";
import * as abi from "@shared-rt/abi";
import { buildRuntime, THREADED_COLLECT_FLOOR } from "../src/index.js";
import { instantiateThreaded } from "./threaded-instance.js";

/**
 * The threaded runtime collects with the world stopped, so it lets at least
 * THREADED_COLLECT_FLOOR bytes be allocated after a collection before it starts the next one
 * (on one thread itcms steps again 1 KiB after twice the live bytes).
 */
describe("the threaded runtime's collection floor", () => {
  it("lets a small heap grow by the floor's bytes of garbage before it collects, and collects then", async () => {
    const build = await buildRuntime({ collector: "incremental", memoryBase: 4096, tableBase: 1, threads: 2 });
    const memory = new WebAssembly.Memory({ initial: Math.ceil(build.heapBase / 65536) + 1, maximum: 1024, shared: true });
    const rt = await instantiateThreaded(build, memory, build.heapBase - 32768);
    rt[abi.THREAD_EXPORTS.init]();
    rt[abi.THREAD_EXPORTS.attach](0, build.heapBase);
    const total = () => new Uint32Array(memory.buffer, rt[abi.RUNTIME_EXPORTS.heapLive].value as number, 1)[0];
    rt.__collect();
    expect(total()).toBe(0);
    // Garbage (nothing keeps it) in objects of 1 KiB: no collection until the floor is reached.
    const size = 1024 - 20;
    let peak = 0;
    for (let k = 0; k < (2 * THREADED_COLLECT_FLOOR) / 1024; ++k) {
      rt.__new(size, 1);
      peak = Math.max(peak, total());
    }
    expect(peak).toBeGreaterThanOrEqual(THREADED_COLLECT_FLOOR);
    // ...and it did collect once there: the heap did not keep all 2 floors' worth.
    expect(total()).toBeLessThan(THREADED_COLLECT_FLOOR * 1.5);
  });
});
