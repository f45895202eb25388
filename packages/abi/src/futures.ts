/**
 * Futures on the shared heap (@shared-rt/futures, `assembly/future.ts`): the classes the host
 * reads, writes and polls, their field offsets and the state numbers. The AssemblyScript half
 * declares the same fields in the same order; tests/futures compares these offsets with the
 * layouts plugins record.
 *
 *   FutureBase   state: i32 @0 · error: string | null @4 · waiters: Array<Waker> | null @8
 *   Future<T>    value: T at the first offset ≥ 12 aligned to T's size (12 or 16)
 *   Waker        woken: bool @0
 */

/** Where the package's classes are declared (the internal name of assembly/future.ts). */
export const FUTURES_FILE = "~lib/@shared-rt/futures/assembly/future";

/** The non-generic base every future extends; the host polls through its `poll`. */
export const FUTURE_BASE_CLASS = `${FUTURES_FILE}/FutureBase`;

/** The method the executor calls: `poll(waker: Waker): bool`, dispatched to the object's owner. */
export const FUTURE_POLL_METHOD = `${FUTURE_BASE_CLASS}#poll`;

/** The class of the wakers the host's executor makes. */
export const WAKER_CLASS = `${FUTURES_FILE}/Waker`;

/** `Future<T>` by the internal name of T (`i32`, `~lib/string/String`). */
export function futureClassName(valueInternalName: string): string {
  return `${FUTURES_FILE}/Future<${valueInternalName}>`;
}

/** A `Future<T>` as signatures spell it (`Future<i32>`, `Future<Array<string>>`); group 1 is T. */
export const FUTURE_TYPE_PATTERN = /^Future\s*<(.+)>$/;

/** `FutureBase.state`. */
export const FUTURE_STATES = { pending: 0, ready: 1, failed: 2, cancelled: 3 } as const;

/** Byte offsets in a future's payload. */
export const FUTURE_FIELDS = { state: 0, error: 4, waiters: 8 } as const;

/** Where `FutureBase`'s fields end: `Future<T>.value` starts here, aligned to its size. */
export const FUTURE_BASE_SIZE = 12;

/** Offset of `Future<T>.value` for a T of `valueBytes` bytes (4 for every reference). */
export function futureValueOffset(valueBytes: number): number {
  return Math.ceil(FUTURE_BASE_SIZE / valueBytes) * valueBytes;
}

/** Payload bytes of a `Future<T>` instance for a T of `valueBytes` bytes. */
export function futureSize(valueBytes: number): number {
  return futureValueOffset(valueBytes) + valueBytes;
}

/** `Waker.woken` (a bool, one byte) and the payload size of a Waker. */
export const WAKER_WOKEN_OFFSET = 0;
export const WAKER_SIZE = 1;
