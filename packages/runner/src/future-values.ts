/**
 * Futures as the host sees them (@shared-rt/futures; offsets and states in @shared-rt/abi
 * futures.ts): which signature types are futures, reading a finished future's outcome, making a
 * `Future<T>` and a `Waker` on the shared heap, and completing a future from JS. A reference the
 * host stores into a future goes through `__link`, the incremental collector's write barrier.
 */
import {
  FUTURE_FIELDS,
  FUTURE_STATES,
  FUTURE_TYPE_PATTERN,
  WAKER_CLASS,
  WAKER_SIZE,
  WAKER_WOKEN_OFFSET,
  futureClassName,
  futureSize,
  futureValueOffset,
} from "@shared-rt/abi";
import { NUMERIC, internalName, isReference, parseType, type AsType, type RefType } from "./as-types.js";
import { PluginCallError } from "./errors.js";
import { ARRAY_LENGTH, VIEW_DATA_START } from "./heap-view.js";
import type { HostContext, HostFace } from "./host-context.js";
import { liftRef } from "./lift-values.js";
import { lowerScalar } from "./lower-values.js";
import { loadScalar, storeScalar } from "./map-set-layout.js";
import type { Site } from "./value-messages.js";

export type FutureState = (typeof FUTURE_STATES)[keyof typeof FUTURE_STATES];

/**
 * The T of a signature type `Future<T>` (a class the build records with `FutureBase` among its
 * bases, when it records bases), or undefined for any other type.
 */
export function futureValueType(type: AsType, bases?: Record<string, string[]>): AsType | undefined {
  if (type.kind !== "class" || type.nullable) return undefined;
  const match = FUTURE_TYPE_PATTERN.exec(type.name);
  if (!match) return undefined;
  const recorded = bases?.[type.name];
  if (recorded && !recorded.includes("FutureBase")) return undefined;
  const value = parseType(match[1]);
  return value.kind === "void" ? undefined : value;
}

/** Bytes of one T in a future's `value` field. */
function valueBytes(type: AsType): number {
  return isReference(type) ? 4 : NUMERIC[(type as { name: keyof typeof NUMERIC }).name].bytes;
}

export function futureState(ctx: HostContext<HostFace>, ptr: number): FutureState {
  return ctx.heap.u32(ptr + FUTURE_FIELDS.state) as FutureState;
}

/** The failure message of a failed or cancelled future. */
export function futureError(ctx: HostContext<HostFace>, ptr: number): string {
  const error = ctx.heap.u32(ptr + FUTURE_FIELDS.error);
  return error ? (liftRef(ctx.heap, error, parseType("string") as RefType) as string) : "the future failed";
}

/** The value of a READY future, copied into JS. */
export function futureValue(ctx: HostContext<HostFace>, ptr: number, type: AsType): unknown {
  const at = ptr + futureValueOffset(valueBytes(type));
  if (isReference(type)) return liftRef(ctx.heap, ctx.heap.u32(at), type as RefType);
  return loadScalar(ctx.heap, at, (type as { name: keyof typeof NUMERIC }).name);
}

/** A zeroed object of shared class `name` (PENDING, for a future), unpinned. */
function allocate(ctx: HostContext<HostFace>, name: string, size: number, plugin: string): number {
  const id = ctx.sharedClasses.idOf(name);
  if (id === undefined) {
    throw new PluginCallError(
      "UNSUPPORTED_TYPE",
      plugin,
      "futures",
      `no plugin compiled '${name}': a plugin that takes or returns this future type must be loaded (import @shared-rt/futures there)`,
    );
  }
  const ptr = ctx.rt.__new(size, id);
  ctx.heap.u8.fill(0, ptr, ptr + size);
  return ptr;
}

/** A pending `Future<T>` for the host to complete (unpinned: pin it before anything allocates). */
export function newFuture(ctx: HostContext<HostFace>, type: AsType, plugin: string): number {
  return allocate(ctx, futureClassName(internalName(type)), futureSize(valueBytes(type)), plugin);
}

/** A Waker not woken (unpinned). */
export function newWaker(ctx: HostContext<HostFace>, plugin: string): number {
  return allocate(ctx, WAKER_CLASS, WAKER_SIZE, plugin);
}

export function isWoken(ctx: HostContext<HostFace>, waker: number): boolean {
  return ctx.heap.u8[waker + WAKER_WOKEN_OFFSET] !== 0;
}

export function clearWoken(ctx: HostContext<HostFace>, waker: number): void {
  ctx.heap.u8[waker + WAKER_WOKEN_OFFSET] = 0;
}

/** Stores `child` into the reference field at `ptr + offset`, telling the collector. */
function storeRef(ctx: HostContext<HostFace>, ptr: number, offset: number, child: number): void {
  ctx.heap.setU32(ptr + offset, child);
  if (child) ctx.rt.__link(ptr, child, 0);
}

/** Makes a pending future READY with `value` (lowered by T); throws a ValueError if it does not fit. */
export function resolveFuture(ctx: HostContext<HostFace>, ptr: number, type: AsType, value: unknown, site: Site): void {
  const at = futureValueOffset(valueBytes(type));
  if (isReference(type)) {
    const temps: number[] = [];
    try {
      storeRef(ctx, ptr, at, ctx.lowering.lowerRef(value, type as RefType, site, temps, ""));
    } finally {
      for (const temp of temps) ctx.pins.unpin(temp);
    }
  } else {
    const name = (type as { name: keyof typeof NUMERIC }).name;
    storeScalar(ctx.heap, ptr + at, name, lowerScalar(value, name, type, site, "") as number | bigint);
  }
  finish(ctx, ptr, FUTURE_STATES.ready);
}

/** Makes a pending future FAILED with `message`. */
export function failFuture(ctx: HostContext<HostFace>, ptr: number, message: string, site: Site): void {
  const temps: number[] = [];
  try {
    storeRef(ctx, ptr, FUTURE_FIELDS.error, ctx.lowering.lowerRef(message, parseType("string") as RefType, site, temps, ""));
  } finally {
    for (const temp of temps) ctx.pins.unpin(temp);
  }
  finish(ctx, ptr, FUTURE_STATES.failed);
}

/** Sets the state and wakes (and forgets) the wakers that polled the future while it was pending. */
function finish(ctx: HostContext<HostFace>, ptr: number, state: FutureState): void {
  const heap = ctx.heap;
  heap.setU32(ptr + FUTURE_FIELDS.state, state);
  const waiters = heap.u32(ptr + FUTURE_FIELDS.waiters);
  if (!waiters) return;
  const start = heap.u32(waiters + VIEW_DATA_START);
  const length = heap.u32(waiters + ARRAY_LENGTH);
  for (let i = 0; i < length; ++i) {
    const waker = heap.u32(start + i * 4);
    if (waker) heap.u8[waker + WAKER_WOKEN_OFFSET] = 1;
  }
  heap.setU32(ptr + FUTURE_FIELDS.waiters, 0);
}
