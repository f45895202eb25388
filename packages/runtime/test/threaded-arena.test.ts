import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import * as abi from "@shared-rt/abi";
import type { Collector } from "@shared-rt/abi";
import { instantiateThreaded } from "./threaded-instance.js";
import { buildRuntime, runtimeSourceDir, type RuntimeFaults } from "../src/index.js";

/** One worker of a threaded runtime built with `faults`, attached, with views on its heap. */
async function oneWorker(faults: RuntimeFaults = {}, collector: Collector = "incremental") {
  const build = await buildRuntime({ collector, memoryBase: 4096, tableBase: 1, threads: 2, faults });
  const memory = new WebAssembly.Memory({ initial: Math.ceil(build.heapBase / 65536) + 1, maximum: 256, shared: true });
  const rt = await instantiateThreaded(build, memory, build.heapBase - 32768);
  rt[abi.THREAD_EXPORTS.init]();
  rt[abi.THREAD_EXPORTS.attach](0, build.heapBase);
  const state = rt[abi.THREAD_EXPORTS.state].value as number;
  const u32 = (address: number) => new Uint32Array(memory.buffer, address, 1)[0];
  return {
    rt,
    live: () => u32(rt[abi.RUNTIME_EXPORTS.heapLive].value as number),
    arena: () => u32(state + abi.THREAD_STATE.records + abi.THREAD_RECORD.arena),
    cached: () => u32(u32(state + abi.THREAD_STATE.records + abi.THREAD_RECORD.arena) + abi.THREAD_ARENA.cachedBytes),
    bytes: (ptr: number, n: number) => new Uint8Array(memory.buffer, ptr, n),
    header: (ptr: number) => ({ rtId: u32(ptr - 8), rtSize: u32(ptr - 4) }),
  };
}

describe("the threaded runtime's per-worker block caches", () => {
  it("keep the record's arena offset in @shared-rt/abi threads.ts", async () => {
    const source = await readFile(`${runtimeSourceDir}threads-arena.ts`, "utf8");
    expect(Number(/const R_ARENA: usize = (\d+);/.exec(source)?.[1])).toBe(abi.THREAD_RECORD.arena);
    expect(abi.THREAD_RECORD.arena + 4).toBeLessThanOrEqual(abi.THREAD_RECORD_SIZE);
    const constant = (name: string) => Number(new RegExp(`const ${name}: \\w+ = (\\d+);`).exec(source)?.[1]);
    expect(constant("CLASSES") * (4 + constant("CAP") * 4)).toBe(abi.THREAD_ARENA.cachedBytes);
  });

  it("hand out ordinary objects (id, size, zeroed) from a cache the first slow __new fills, which a collection gives back", async () => {
    const w = await oneWorker();
    expect(w.arena()).toBe(0);
    const kept = w.rt.__pin(w.rt.__new(12, 1));
    expect(w.arena()).not.toBe(0);
    // The refill counted its whole batch at once.
    const charged = w.live();
    expect(charged).toBeGreaterThan(4 * 32);
    // The cache keeps count of what it holds, which the host's heapLive leaves out: left is the
    // one object handed out (payload 12 in TLSF's 28-byte block, counted with its 4-byte header).
    expect(charged - w.cached()).toBe(32);
    w.rt.__new(12, 2);
    expect(w.live() - w.cached()).toBe(64);
    const made = Array.from({ length: 200 }, (_, k) => w.rt.__new(1 + (k % 40), 2));
    expect(new Set(made).size).toBe(made.length);
    for (const [k, ptr] of made.entries()) expect(w.header(ptr)).toEqual({ rtId: 2, rtSize: 1 + (k % 40) });
    expect(made.every((ptr, k) => w.bytes(ptr, 1 + (k % 40)).every((b) => b === 0))).toBe(true);
    expect(w.header(kept)).toEqual({ rtId: 1, rtSize: 12 });
    w.rt.__collect();
    // Only the pinned object is left: the caches were forgotten and swept.
    expect(w.live()).toBeLessThan(64);
    w.rt.__unpin(kept);
    w.rt.__collect();
    expect(w.live()).toBe(0);
  });

  // A cache kept through a collection hands out blocks the sweep freed, which TLSF hands out again.
  // An explicit collection forgets the caches; one the collector starts (incremental only) marks them.
  for (const collector of ["incremental", "minimal"] as const) {
    for (const [what, faults, sound] of [
      ["a real build never hands out two live objects that overlap", {}, true],
      ["a build whose collections neither mark nor forget the caches hands out overlapping objects, or traps", { threadsKeepArenas: true }, false],
    ] as const) {
      it(`${what} (${collector})`, async () => {
        const w = await oneWorker(faults, collector);
        w.rt.__new(16, 1);
        expect(w.arena(), "the cache is in use").not.toBe(0);
        w.rt.__collect();
        const made: [number, number][] = [];
        const outcome = (() => {
          try {
            for (let k = 0; k < 400; ++k) {
              const size = k % 2 ? 16 : 32;
              made.push([w.rt.__pin(w.rt.__new(size, 1)), size]);
            }
          } catch (error) {
            return `trap: ${(error as Error).message}`;
          }
          made.sort((a, b) => a[0] - b[0]);
          return made.some(([ptr, size], k) => k + 1 < made.length && ptr + size > made[k + 1][0]) ? "overlap" : "sound";
        })();
        if (sound) expect(outcome).toBe("sound");
        else expect(outcome).not.toBe("sound");
      });
    }
  }
});
