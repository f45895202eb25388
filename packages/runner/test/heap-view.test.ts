import { ARRAYBUFFER_ID, OBJECT_GC_INFO_OFFSET, STRING_ID } from "@shared-rt/abi";
import { describe, expect, it } from "vitest";
import { HeapView, readString, writeString } from "../src/heap-view.js";
import { fakeRuntime } from "./fake-runtime.js";

/** A String object holding `value`, made as the runtime makes one. */
function newString(rt: ReturnType<typeof fakeRuntime>, value: string): number {
  const ptr = rt.__new(value.length * 2, STRING_ID);
  writeString(rt.memory, ptr, value);
  return ptr;
}

describe("strings in the shared memory", () => {
  it("round-trip, whatever their code units", () => {
    const rt = fakeRuntime();
    for (const value of ["", "AB", "h\u00e9llo \ud83d\ude00", "x".repeat(10_000)]) {
      expect(readString(rt.memory, newString(rt, value))).toBe(value);
    }
    expect(readString(rt.memory, 0)).toBeNull();
  });

  it("keep lone surrogates exactly, which a UTF-16 decoder would replace", () => {
    const rt = fakeRuntime();
    const lone = "a\ud800b\udfff";
    expect(readString(rt.memory, newString(rt, lone))).toBe(lone);
    // Past one chunk of the exact path.
    const long = `${"\ud800".repeat(5000)}end`;
    expect(readString(rt.memory, newString(rt, long))).toBe(long);
  });
});

describe("HeapView", () => {
  it("reads an object's header", () => {
    const rt = fakeRuntime();
    const heap = new HeapView(rt.memory);
    const ptr = rt.__new(12, ARRAYBUFFER_ID);
    expect(heap.classId(ptr)).toBe(ARRAYBUFFER_ID);
    expect(heap.size(ptr)).toBe(12);
    expect(heap.isPinned(ptr)).toBe(false);
    heap.setU32(ptr + OBJECT_GC_INFO_OFFSET, 3);
    expect(heap.isPinned(ptr)).toBe(true);
  });

  it("judges whether an address can be an object", () => {
    const rt = fakeRuntime();
    const heap = new HeapView(rt.memory);
    const ptr = rt.__new(16, STRING_ID);
    expect(heap.plausible(ptr)).toBe(true);
    expect([0, 8, ptr + 2, 1.5, heap.byteLength + 4].map((p) => heap.plausible(p))).toEqual([false, false, false, false, false]);
    // A payload that would run past the end of memory.
    heap.setU32(ptr - 4, heap.byteLength);
    expect(heap.plausible(ptr)).toBe(false);
  });

  it("sees the memory after it grew: old views are detached", () => {
    const rt = fakeRuntime();
    const heap = new HeapView(rt.memory);
    const before = heap.u8;
    rt.memory.grow(1);
    expect(before.byteLength).toBe(0);
    expect(heap.u8.byteLength).toBe(2 * 65536);
    expect(heap.dv.byteLength).toBe(2 * 65536);
  });
});
