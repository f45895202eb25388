import type { Manifest } from "@shared-rt/abi";
import { describe, expect, it } from "vitest";
import { LoadError } from "../src/errors.js";
import { isolatedThread } from "../src/thread-join.js";

// Only the memory part of a manifest matters to isolatedThread.
const manifestWith = (memory: Manifest["memory"]) => ({ memory }) as Manifest;

describe("an isolated plugin's join on a worker of a threaded host", () => {
  it("is worker 0 of its own, over a fresh shared memory of the project's size, one per call", () => {
    const manifest = manifestWith({ initial: 2, maximum: 8 });
    const a = isolatedThread(manifest);
    const b = isolatedThread(manifest);
    expect(a.index).toBe(0);
    expect(a.placements?.size).toBe(0);
    expect(a.memory.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(a.memory.buffer.byteLength).toBe(2 * 65536);
    // Each worker's instance has a memory of its own.
    expect(b.memory).not.toBe(a.memory);
    new Uint8Array(a.memory.buffer)[100] = 7;
    expect(new Uint8Array(b.memory.buffer)[100]).toBe(0);
  });

  it("names the memory it cannot make, typed", () => {
    const refused = (() => {
      try {
        return isolatedThread(manifestWith({ initial: 2, maximum: 70000 }));
      } catch (error) {
        return error;
      }
    })();
    expect(refused).toBeInstanceOf(LoadError);
    expect(refused).toMatchObject({ code: "INSTANTIATE_FAILED", message: expect.stringContaining("maximum 70000") });
  });
});
