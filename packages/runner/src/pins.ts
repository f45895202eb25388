/**
 * Pins held by the host, counted. The runtime's `__pin` is not counted: pinning an object twice
 * aborts ("Object already pinned"), and so does unpinning one that is not pinned. The host pins
 * the same object for several reasons at once (an argument that is also an owned handle, two
 * handles on one string), so it counts its pins and calls the runtime only on the first pin
 * and the last unpin.
 */
import type { HeapView } from "./heap-view.js";

export interface PinFunctions {
  __pin(ptr: number): number;
  __unpin(ptr: number): void;
}

export class Pins {
  private readonly counts = new Map<number, number>();
  /** Set once a trap interrupted the runtime: its heap may be inconsistent, so it is left alone. */
  private frozen = false;
  /** Objects that someone else (a plugin) had pinned when the host first pinned them. */
  private readonly foreign = new Set<number>();

  constructor(
    private readonly rt: PinFunctions,
    private readonly heap: HeapView,
  ) {}

  pin(ptr: number): void {
    if (!ptr) return;
    const count = this.counts.get(ptr);
    if (count) {
      this.counts.set(ptr, count + 1);
      return;
    }
    if (this.frozen) {
      // Counted only: handles and `finally` blocks still balance their pins.
    } else if (this.heap.isPinned(ptr)) {
      // Already kept alive by whoever pinned it; calling __pin again would abort.
      this.foreign.add(ptr);
    } else {
      this.rt.__pin(ptr);
    }
    this.counts.set(ptr, 1);
  }

  unpin(ptr: number): void {
    if (!ptr) return;
    const count = this.counts.get(ptr);
    if (!count) return;
    if (count > 1) {
      this.counts.set(ptr, count - 1);
      return;
    }
    this.counts.delete(ptr);
    if (this.foreign.delete(ptr) || this.frozen) return;
    this.rt.__unpin(ptr);
  }

  /** Stops calling the runtime: after a trap inside it, pins are only counted. */
  freeze(): void {
    this.frozen = true;
  }

  /** How many times the host holds `ptr` pinned. */
  count(ptr: number): number {
    return this.counts.get(ptr) ?? 0;
  }

  /** Number of distinct objects the host holds pinned. */
  get size(): number {
    return this.counts.size;
  }
}
