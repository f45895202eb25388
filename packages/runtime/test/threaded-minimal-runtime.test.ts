import { beforeAll, describe, expect, it } from "vitest";
import * as abi from "@shared-rt/abi";
import { instantiateThreaded } from "./threaded-instance.js";
import { expectThreadedModuleShape } from "./threaded-module-shape.js";
import { buildRuntime, type RuntimeBuild } from "../src/index.js";

/** Instantiates `build` over `memory` (each instantiation writes the static data: all before any runs). */
const instantiate = (build: RuntimeBuild, memory: WebAssembly.Memory) => instantiateThreaded(build, memory, build.heapBase);

describe("the threaded runtime with the minimal collector", () => {
  let build: RuntimeBuild;
  beforeAll(async () => {
    build = await buildRuntime({ collector: "minimal", memoryBase: 4096, tableBase: 1, threads: 2 });
  });

  it("imports a shared memory and its stack limit, exports the thread API, keeps only per-worker globals, and has no shadow stack", () => {
    expect(build.threads).toBe(2);
    expect(build.heapBase).toBe(build.dataEnd);
    expectThreadedModuleShape(build);
  });

  it("is byte-identical when built twice from the same inputs", async () => {
    const again = await buildRuntime({ collector: "minimal", memoryBase: 4096, tableBase: 1, threads: 2 });
    expect(Buffer.compare(build.wasm, again.wasm)).toBe(0);
  });

  it("shares its heap between workers: an object pinned on one survives a collection on the other", async () => {
    const memory = new WebAssembly.Memory({ initial: Math.ceil(build.heapBase / 65536) + 1, maximum: 256, shared: true });
    const [a, b] = [await instantiate(build, memory), await instantiate(build, memory)];
    a[abi.THREAD_EXPORTS.init]();
    a[abi.THREAD_EXPORTS.attach](0, build.heapBase);
    b[abi.THREAD_EXPORTS.attach](1, build.heapBase);
    const live = () => new Uint32Array(memory.buffer, a[abi.RUNTIME_EXPORTS.heapLive].value as number, 1)[0];
    // Worker 1 allocates, pins one object and goes idle (between calls).
    const kept = b.__pin(b.__new(64, 1));
    for (let i = 0; i < 500; ++i) b.__new(100, 1);
    b[abi.THREAD_EXPORTS.leave]();
    // Worker 0 allocates too. Neither its poll nor a wait is a safepoint (its references may be in
    // wasm locals): no state change is published, unlike the incremental build's, which parks.
    for (let i = 0; i < 500; ++i) a.__new(100, 1);
    const state = a[abi.THREAD_EXPORTS.state].value as number;
    const progress = () => new Uint32Array(memory.buffer, state + abi.THREAD_STATE.progress, 1)[0];
    const before = progress();
    a.__shared_thread_poll();
    const wait = a.__shared_thread_wait as unknown as (address: number, expected: number, timeout: bigint) => number;
    expect(wait(state + abi.THREAD_STATE.stop, 0, 1n)).toBe(2); // timed out
    expect(progress()).toBe(before);
    a.__collect();
    expect(live()).toBeGreaterThanOrEqual(64);
    expect(live()).toBeLessThan(200);
    new Uint8Array(memory.buffer, kept, 64).fill(7);
    b[abi.THREAD_EXPORTS.enter]();
    b.__unpin(kept);
    b[abi.THREAD_EXPORTS.leave]();
    a.__collect();
    expect(live()).toBe(0);
  });
});
