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
