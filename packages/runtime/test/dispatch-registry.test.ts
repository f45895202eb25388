import { describe, expect, it } from "vitest";
import { DISPATCH_FUNCTIONS, DISPATCH_INHERITS, DISPATCH_IS_A, DISPATCH_MISS_KINDS, RUNTIME_EXPORTS } from "@shared-rt/abi";
import { runtimeAlone } from "./runtime-alone.js";

type Fn = (...args: number[]) => number;

async function instantiate() {
  const { instance, memory } = await runtimeAlone();
  const e = instance.exports as Record<string, unknown>;
  const miss = () => [...new Uint32Array(memory.buffer, (e[RUNTIME_EXPORTS.dispatchMiss] as WebAssembly.Global).value as number, 4)];
  return {
    set: e[RUNTIME_EXPORTS.dispatchSet] as Fn,
    lookup: e.__shared_dispatch_lookup as Fn,
    isA: e.__shared_instanceof as Fn,
    fail: e.__shared_dispatch_fail as Fn,
    miss,
  };
}

describe("the runtime's dispatch registry", () => {
  it("answers what was registered, the first registration of a pair winning, and traps on anything else", async () => {
    expect(Object.keys(DISPATCH_FUNCTIONS)).toEqual(["__shared_dispatch_lookup", "__shared_instanceof", "__shared_dispatch_fail"]);
    const rt = await instantiate();
    // Class 2100 overrides method 1 of class 40 (its stub is in slot 77); class 40 itself inherits it.
    rt.set(2100, 40, 1, 77);
    rt.set(40, 40, 1, DISPATCH_INHERITS);
    rt.set(2100, 40, 1, 99);
    expect(rt.lookup(2100, 40, 1)).toBe(77);
    expect(rt.lookup(40, 40, 1) >>> 0).toBe(DISPATCH_INHERITS);
    for (const [id, decl, ordinal] of [
      [2101, 40, 1],
      [2100, 40, 0],
      [2100, 40, 7],
      [2100, 41, 1],
      [5000, 40, 1],
    ]) {
      expect(() => rt.lookup(id, decl, ordinal)).toThrow("abort");
      expect(rt.miss()).toEqual([id, decl, ordinal, DISPATCH_MISS_KINDS.unregistered]);
    }
    expect(() => rt.fail(2100, 40, 3, DISPATCH_MISS_KINDS.generic)).toThrow("abort");
    expect(rt.miss()).toEqual([2100, 40, 3, DISPATCH_MISS_KINDS.generic]);
  });

  it("answers instanceof from the registered ancestors", async () => {
    const rt = await instantiate();
    rt.set(2100, 40, DISPATCH_IS_A, 1);
    rt.set(2100, 45, DISPATCH_IS_A, 1);
    expect([rt.isA(2100, 40), rt.isA(2100, 45), rt.isA(2100, 46), rt.isA(2101, 40), rt.isA(9999, 40), rt.isA(2100, 9999)]).toEqual([1, 1, 0, 0, 0, 0]);
  });
});
