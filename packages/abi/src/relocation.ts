/**
 * The relocation contract between shared-init (which makes a plugin relocatable by diffing two
 * builds), the linker (which asks for the two builds) and the host (which places the plugin at
 * load). See shared-init's make-relocatable.ts for why the relocation is exact.
 */

/** The base deltas between the two builds. Distinct, so a difference names its kind. */
export const DELTAS = { memory: 0x100000, table: 0x3000, classes: 0x5000 } as const;
/** Where the first build places things. Multiples of 64 KiB keep alignment-dependent code alike. */
export const RELOCATION_BASES = { memory: 0x10000, table: 1, classes: 32 } as const;

export type RelocationKind = "memory" | "table" | "classes";

/** A static object or raw block of the plugin, to be allocated by the host at load. */
export interface StaticBlock {
  /** `object`: a GC object (allocate with __new(size, id) and pin); `raw`: bytes (memory.data, RTTI). */
  kind: "object" | "raw";
  /** Offset of the bytes to copy in the statics section (for objects: the payload only). */
  at: number;
  /** Bytes to copy: the payload of an object, all of a raw block. */
  size: number;
  /** Class id of an object as built (relocated like any class id when below 4 it is common). */
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
  bases: typeof RELOCATION_BASES;
  blocks: StaticBlock[];
  relocations: DataRelocation[];
  /** The block holding the plugin's RTTI table (-1 if none). */
  rttiBlock: number;
}
