import { describe, expect, it } from "vitest";
import { HeapView } from "../src/heap-view.js";
import { Pins } from "../src/pins.js";
import { fakeRuntime } from "./fake-runtime.js";

function setup() {
  const rt = fakeRuntime();
  const heap = new HeapView(rt.memory);
  return { rt, heap, pins: new Pins(rt, heap), ptr: rt.__new(8, 2) };
}

describe("Pins", () => {
  it("pins an object once however often the host holds it, and unpins it with the last", () => {
    const { rt, heap, pins, ptr } = setup();
    pins.pin(ptr);
    pins.pin(ptr);
    expect(rt.pinned).toEqual([ptr]);
    expect(heap.isPinned(ptr)).toBe(true);
    expect(pins.count(ptr)).toBe(2);
    expect(pins.size).toBe(1);
    pins.unpin(ptr);
    expect(rt.unpinned).toEqual([]);
    pins.unpin(ptr);
    expect(rt.unpinned).toEqual([ptr]);
    expect(heap.isPinned(ptr)).toBe(false);
    expect(pins.size).toBe(0);
  });

  it("ignores null and pointers it does not hold", () => {
    const { rt, pins, ptr } = setup();
    pins.pin(0);
    pins.unpin(0);
    pins.unpin(ptr);
    expect(rt.pinned).toEqual([]);
    expect(rt.unpinned).toEqual([]);
    expect(pins.size).toBe(0);
  });

  it("leaves an object someone else pinned to them: __pin would abort on it", () => {
    const { rt, pins, ptr } = setup();
    rt.__pin(ptr);
    rt.pinned.length = 0;
    pins.pin(ptr);
    pins.unpin(ptr);
    expect(rt.pinned).toEqual([]);
    expect(rt.unpinned).toEqual([]);
  });

  it("only counts once frozen, so handles still balance but the runtime is left alone", () => {
    const { rt, pins, ptr } = setup();
    pins.pin(ptr);
    pins.freeze();
    const other = rt.__new(4, 1);
    pins.pin(other);
    pins.unpin(other);
    pins.unpin(ptr);
    expect(rt.pinned).toEqual([ptr]);
    expect(rt.unpinned).toEqual([]);
    expect(pins.size).toBe(0);
  });
});
