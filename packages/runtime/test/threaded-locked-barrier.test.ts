/**
 * The measurement variant `threadsLockedBarrier` (tools/bench threads-bench.mjs `workers.barrier`):
 * the threaded runtime with the collector's own write barrier kept and run under the mutex, instead
 * of the nop threads use. Kept here so that the bench's variant cannot rot unnoticed: it builds,
 * its __link takes and gives back the mutex, and allocation, links and collections stay right.
 */
import { beforeAll, describe, expect, it } from "vitest";
import * as abi from "@shared-rt/abi";
import { instantiateThreaded, type ThreadedRt } from "./threaded-instance.js";
import { expectThreadedModuleShape } from "./threaded-module-shape.js";
import { buildRuntime, type RuntimeBuild } from "../src/index.js";

describe("the threaded runtime with the locked write barrier (measurement variant)", () => {
  let build: RuntimeBuild;
  let rt: ThreadedRt;
  let memory: WebAssembly.Memory;
  const word = (offset: number) => new Int32Array(memory.buffer, (rt[abi.THREAD_EXPORTS.state].value as number) + offset, 1);
  const live = () => new Uint32Array(memory.buffer, rt[abi.RUNTIME_EXPORTS.heapLive].value as number, 1)[0];

  beforeAll(async () => {
    build = await buildRuntime({ collector: "incremental", memoryBase: 4096, tableBase: 1, threads: 2, faults: { threadsLockedBarrier: true } });
    memory = new WebAssembly.Memory({ initial: Math.ceil(build.heapBase / 65536) + 1, maximum: 256, shared: true });
    rt = await instantiateThreaded(build, memory, build.heapBase - 32768);
    rt[abi.THREAD_EXPORTS.init]();
    rt[abi.THREAD_EXPORTS.attach](0, build.heapBase);
  });

  it("has the shape of every threaded runtime", () => {
    expectThreadedModuleShape(build);
  });

  it("takes the mutex in __link: a mutex this worker holds at depth 0 is given back by the barrier's unlock", () => {
    const parent = rt.__pin(rt.__new(16, 1));
    const child = rt.__new(16, 1);
    // As if worker 0 held the mutex with no entry point open: only a lock/unlock pair around
    // __link frees it (the nop barrier threads use is no entry point and leaves it held).
    word(abi.THREAD_STATE.lock)[0] = 1;
    word(abi.THREAD_STATE.depth)[0] = 0;
    rt.__link(parent, child, 0);
    expect([word(abi.THREAD_STATE.lock)[0], word(abi.THREAD_STATE.depth)[0]]).toEqual([0, 0]);
    rt.__unpin(parent);
  });

  it("allocates, links and collects on one worker, back to an empty heap", () => {
    const parent = rt.__pin(rt.__new(64, 1));
    for (let i = 0; i < 3000; ++i) rt.__link(parent, rt.__new(32, 1), i & 1);
    rt.__collect();
    expect(live()).toBeGreaterThanOrEqual(64);
    expect(live()).toBeLessThan(1000);
    rt.__unpin(parent);
    rt.__collect();
    expect(live()).toBe(0);
    expect(word(abi.THREAD_STATE.lock)[0]).toBe(0);
  });
});
