import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import * as abi from "@shared-rt/abi";
import { instantiateThreaded } from "./threaded-instance.js";
import { expectThreadedModuleShape } from "./threaded-module-shape.js";
import { buildRuntime, runtimeSourceDir } from "../src/index.js";
import { PER_WORKER_GLOBALS } from "../src/make-runtime-threaded.js";

describe("the threaded runtime's constants", () => {
  it("are the same in assembly/threads.ts and in @shared-rt/abi threads.ts", async () => {
    const source = await readFile(`${runtimeSourceDir}threads.ts`, "utf8");
    const value = (name: string) => Number(new RegExp(`const ${name}: \\w+ = (-?\\d+|0x[0-9a-f]+);`).exec(source)?.[1]);
    const { THREAD_STATE: S, THREAD_RECORD: R, THREAD_STATES: T } = abi;
    expect([value("LOCK"), value("DEPTH"), value("STOP"), value("PROGRESS"), value("WAITERS"), value("COUNT"), value("RECORDS")]).toEqual([
      S.lock,
      S.depth,
      S.stop,
      S.progress,
      S.waiters,
      S.count,
      S.records,
    ]);
    expect([value("R_STATE"), value("R_SP"), value("R_TOP"), value("R_ROOTS"), value("R_COUNT"), value("R_CAPACITY"), value("R_SEEN")]).toEqual([
      R.state,
      R.sp,
      R.top,
      R.roots,
      R.rootCount,
      R.rootCapacity,
      R.seen,
    ]);
    expect([value("RECORD_SIZE"), value("MAX_THREADS"), value("RECORD_ROOTS_COOKIE")]).toEqual([
      abi.THREAD_RECORD_SIZE,
      abi.MAX_THREADS,
      abi.RECORD_ROOTS_COOKIE,
    ]);
    expect([value("RUNNING"), value("IDLE"), value("PARKED")]).toEqual([T.running, T.idle, T.parked]);
    expect(/memory\.data\((\d+), 16\)/.exec(source)?.[1]).toBe(String(S.size));
    expect(S.records + abi.MAX_THREADS * abi.THREAD_RECORD_SIZE).toBeLessThanOrEqual(S.globals);
  });
});

describe("the threaded runtime module", () => {
  it("imports a shared memory and its stack limit, exports the thread API, and keeps only per-worker globals", async () => {
    const build = await buildRuntime({ collector: "incremental", memoryBase: 4096, tableBase: 1, threads: 3, stackSize: 8192 });
    expect(build.threads).toBe(3);
    expect(build.heapBase - build.dataEnd).toBe(3 * 8192);
    expectThreadedModuleShape(build);
    expect(PER_WORKER_GLOBALS).toHaveLength(5);
  });

  it("is byte-identical when built twice from the same inputs", async () => {
    const a = await buildRuntime({ collector: "incremental", memoryBase: 8192, tableBase: 3, threads: 2 });
    const b = await buildRuntime({ collector: "incremental", memoryBase: 8192, tableBase: 3, threads: 2 });
    expect(Buffer.compare(a.wasm, b.wasm)).toBe(0);
  });

  it("allocates and collects on one worker with its state in the shared memory", async () => {
    const build = await buildRuntime({ collector: "incremental", memoryBase: 4096, tableBase: 1, threads: 2 });
    const memory = new WebAssembly.Memory({ initial: Math.ceil(build.heapBase / 65536) + 1, maximum: 256, shared: true });
    const top = build.heapBase;
    const rt = await instantiateThreaded(build, memory, top - 32768);
    rt[abi.THREAD_EXPORTS.init]();
    rt[abi.THREAD_EXPORTS.attach](0, top);
    const live = () => new Uint32Array(memory.buffer, rt[abi.RUNTIME_EXPORTS.heapLive].value as number, 1)[0];
    const state = rt[abi.THREAD_EXPORTS.state].value as number;
    const word = (offset: number) => new Int32Array(memory.buffer, state + offset, 1)[0];
    const kept = rt.__pin(rt.__new(64, 1));
    for (let i = 0; i < 2000; ++i) rt.__new(100, 1);
    rt.__collect();
    expect(live()).toBeGreaterThanOrEqual(64);
    expect(live()).toBeLessThan(1000);
    rt.__unpin(kept);
    rt.__collect();
    expect(live()).toBe(0);
    // The mutex is free between calls, nobody asked the world to stop, and this worker is running.
    expect([word(abi.THREAD_STATE.lock), word(abi.THREAD_STATE.stop), word(abi.THREAD_STATE.count)]).toEqual([0, 0, 1]);
    expect(word(abi.THREAD_STATE.records + abi.THREAD_RECORD.state)).toBe(abi.THREAD_STATES.running);
  });
});
