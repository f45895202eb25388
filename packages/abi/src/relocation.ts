/**
 * The relocation contract between shared-init (which makes a plugin relocatable by diffing two
 * builds), the linker (which asks for the two builds) and the host (which places the plugin at
 * load). See shared-init's make-relocatable.ts for why the relocation is exact.
 */

import { FIRST_PLUGIN_CLASS_ID, FIRST_SHARED_CLASS_ID } from "./class-ids.js";

/**
 * The base deltas between the two builds. Distinct, so a difference names its kind: `classes`
 * moves the plugin's private class ids, `shared` its shared ones (see RELOCATION_BASES).
 */
export const DELTAS = { memory: 0x100000, table: 0x3000, classes: 0x5000, shared: 0x9000 } as const;
/**
 * Where the first build places things. Multiples of 64 KiB keep alignment-dependent code alike.
 * Private class ids start at `classes`; the plugin's k-th shared class (first-appearance order)
 * gets the placeholder id `shared + k`, which the host maps to the project's id for its name.
 */
export const RELOCATION_BASES = { memory: 0x10000, table: 1, classes: FIRST_PLUGIN_CLASS_ID, shared: FIRST_SHARED_CLASS_ID } as const;

/**
 * `shared`: a shared class id, read in code from the imported global `shared_class_<k>` and
 * patched in data to the project's id of the plugin's k-th shared class.
 */
export type RelocationKind = "memory" | "table" | "classes" | "shared";

/** Name of the `shared-rt.load` global holding the real id of a relocatable plugin's k-th shared class. */
export const sharedClassGlobal = (k: number) => `shared_class_${k}`;

/** A static object or raw block of the plugin, to be allocated by the host at load. */
export interface StaticBlock {
  /** `object`: a GC object (allocate with __new(size, id) and pin); `raw`: bytes (memory.data, RTTI). */
  kind: "object" | "raw";
  /** Offset of the bytes to copy in the statics section (for objects: the payload only). */
  at: number;
  /** Bytes to copy: the payload of an object, all of a raw block. */
  size: number;
  /** Class id of an object as built (relocated like any class id unless below 4: common). */
  id?: number;
  /** Address in the first build of what `static_k` points at (an object's payload, a raw block's start). */
  address: number;
  /**
   * Runs of zero bytes left out of the statics section, as flat pairs `[offset, length, …]` in
   * block order (absent: none). The section then holds `size` minus their lengths from `at`.
   * Read blocks with {@link blockBytes}; written by {@link storeBlock}.
   */
  zeros?: number[];
}

/** Zero runs shorter than this stay in the section: a pair in the layout costs about as much. */
export const MIN_ZERO_RUN = 16;

/**
 * The bytes of `payload` to keep in the statics section and the zero runs left out (see
 * {@link StaticBlock.zeros}). Relocatable plugins carry lookup tables (case maps, number
 * formatting) that are mostly zeros; a linked plugin drops them too (zero-filled memory).
 */
export function storeBlock(payload: Uint8Array): { stored: Uint8Array; zeros?: number[] } {
  const zeros: number[] = [];
  let kept = payload.length;
  for (let i = 0; i < payload.length; ) {
    if (payload[i] !== 0) {
      ++i;
      continue;
    }
    let end = i;
    while (end < payload.length && payload[end] === 0) ++end;
    if (end - i >= MIN_ZERO_RUN) {
      zeros.push(i, end - i);
      kept -= end - i;
    }
    i = end;
  }
  if (zeros.length === 0) return { stored: payload };
  const stored = new Uint8Array(kept);
  let from = 0;
  let to = 0;
  for (let r = 0; r < zeros.length; r += 2) {
    stored.set(payload.subarray(from, zeros[r]), to);
    to += zeros[r] - from;
    from = zeros[r] + zeros[r + 1];
  }
  stored.set(payload.subarray(from), to);
  return { stored, zeros };
}

/** A block's full payload (`size` bytes), its zero runs put back, read from the statics section. */
export function blockBytes(block: Pick<StaticBlock, "at" | "size" | "zeros">, statics: Uint8Array): Uint8Array {
  if (!block.zeros) return statics.slice(block.at, block.at + block.size);
  const bytes = new Uint8Array(block.size);
  let from = block.at;
  let to = 0;
  for (let r = 0; r < block.zeros.length; r += 2) {
    const length = block.zeros[r] - to;
    bytes.set(statics.subarray(from, from + length), to);
    from += length;
    to = block.zeros[r] + block.zeros[r + 1];
  }
  bytes.set(statics.subarray(from, from + (block.size - to)), to);
  return bytes;
}

/** A word inside a static block to patch after the host placed every block. */
export interface DataRelocation {
  /** Index of the block holding the word, and the word's offset from the block's address. */
  block: number;
  offset: number;
  kind: RelocationKind;
  /** The word's value in the first build. */
  value: number;
  /** For pointers: the block pointed into and the offset from its address (decided at build time). */
  target?: number;
  targetOffset?: number;
}

/** What a relocatable plugin's layout adds: the blocks the host allocates and the words it patches. */
export interface RelocatableLayout {
  /** The first build's bases (`shared` absent in plugins built before shared class ids). */
  bases: { memory: number; table: number; classes: number; shared?: number };
  blocks: StaticBlock[];
  relocations: DataRelocation[];
  /** The block holding the plugin's RTTI table (-1 if none). */
  rttiBlock: number;
}
