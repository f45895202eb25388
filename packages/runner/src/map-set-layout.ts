/**
 * AssemblyScript's `Map<K,V>` and `Set<T>` in memory (std/assembly/map.ts and set.ts of
 * assemblyscript 0.28, a deterministic hash table after jorendorff's CloseTable): what the host
 * reads to copy one into a JS `Map`/`Set`, and writes to build one a plugin's own `get`, `has`,
 * `set`, `add`, `delete`, `keys()` and `values()` work on.
 *
 * ```
 *  Map<K,V> / Set<T> object (24 bytes, the plugin's class id for that instantiation)
 *  ┌─────────┬─────────────┬─────────┬─────────────────┬───────────────┬──────────────┐
 *  │ buckets │ bucketsMask │ entries │ entriesCapacity │ entriesOffset │ entriesCount │
 *  └────┬────┴─────────────┴────┬────┴─────────────────┴───────────────┴──────────────┘
 *   0   │    4                8 │   12                 16              20 (= size)
 *       ▼                       ▼
 *  buckets: ArrayBuffer,       entries: ArrayBuffer, entriesCapacity entries in insertion
 *  bucketsMask + 1 words,      order; [0, entriesOffset) are used, entriesCount of them live
 *  each the address of the     ┌─────┬───────┬────────────┬─────┐ ┌─────┬───────┬────────────┐
 *  last entry inserted whose   │ key │ value │ taggedNext │ pad │ │ key │ value │ taggedNext │ …
 *  hash & bucketsMask is that  └─────┴───────┴─────┬──────┴─────┘ └─────┴───────┴────────────┘
 *  bucket (0: none)                                └─ next (older) entry of the same bucket,
 *                                                     bit 0 (EMPTY) set: deleted, skip it
 * ```
 *
 * A Set's entry is `key | taggedNext`. Each field is aligned to its own size (references are 4
 * bytes, `bool` 1); the entry's size is rounded up to max(sizeof K, sizeof V, 4). So
 * `Map<string,i32>` has 12-byte entries (key 0, value 4, taggedNext 8), `Map<i32,f64>` 24-byte
 * ones (key 0, value 8, taggedNext 16), `Set<i64>` 16-byte ones (key 0, taggedNext 8).
 *
 * Capacities: a new table has 4 buckets and room for 4 entries; when the entries are full it
 * grows to twice the buckets and room for buckets × 8 / 3 entries (8/21, 16/42, 32/85, …).
 * Lookups hash the key with `HASH<K>` (as-hash.ts) and walk the bucket's chain comparing keys
 * with `==` (content for strings, identity for other objects). Nothing else is required of a
 * table: a plugin's `set` or `delete` rehashes it when its own rules say so.
 */
import { NUMERIC, isReference, type AsType, type NumericName } from "./as-types.js";
import type { HeapView } from "./heap-view.js";

export const TABLE_BUCKETS = 0;
export const TABLE_BUCKETS_MASK = 4;
export const TABLE_ENTRIES = 8;
export const TABLE_ENTRIES_CAPACITY = 12;
export const TABLE_ENTRIES_OFFSET = 16;
export const TABLE_ENTRIES_COUNT = 20;
/** Payload size of a Map or Set object. */
export const TABLE_SIZE = 24;
/** Bit 0 of `taggedNext`: the entry was deleted. */
export const EMPTY = 1;
export const BUCKET_SIZE = 4;
export const INITIAL_CAPACITY = 4;

/** Where the fields of one entry are, and its size. */
export interface EntryLayout {
  key: number;
  /** Offset of the value (a Map's), or -1 for a Set. */
  value: number;
  taggedNext: number;
  size: number;
}

/** Bytes of one value of `type` in an entry (or an array): a number's size, 4 for a reference. */
export function slotSize(type: AsType): number {
  if (isReference(type)) return 4;
  if (type.kind === "void") throw new TypeError("void has no slot");
  return NUMERIC[type.name].bytes;
}

function alignUp(offset: number, align: number): number {
  return (offset + align - 1) & ~(align - 1);
}

/** The entry layout of `Map<K,V>`, by the byte sizes of K and V. */
export function mapEntryLayout(keySize: number, valueSize: number): EntryLayout {
  const value = alignUp(keySize, valueSize);
  const taggedNext = alignUp(value + valueSize, 4);
  return { key: 0, value, taggedNext, size: alignUp(taggedNext + 4, Math.max(keySize, valueSize, 4)) };
}

/** The entry layout of `Set<T>`, by the byte size of T. */
export function setEntryLayout(keySize: number): EntryLayout {
  const taggedNext = alignUp(keySize, 4);
  return { key: 0, value: -1, taggedNext, size: alignUp(taggedNext + 4, Math.max(keySize, 4)) };
}

/** The entry layout of a Map or Set type. */
export function entryLayout(type: Extract<AsType, { kind: "map" | "set" }>): EntryLayout {
  return type.kind === "map" ? mapEntryLayout(slotSize(type.key), slotSize(type.value)) : setEntryLayout(slotSize(type.element));
}

/**
 * Bucket count and entry capacity for a table built with `count` entries: what the table would
 * have after `count` insertions into a new one (4/4, then 8/21, 16/42, …).
 */
export function tableCapacity(count: number): { buckets: number; entries: number } {
  if (count <= INITIAL_CAPACITY) return { buckets: INITIAL_CAPACITY, entries: INITIAL_CAPACITY };
  let buckets = INITIAL_CAPACITY * 2;
  while (Math.floor((buckets * 8) / 3) < count) buckets *= 2;
  return { buckets, entries: Math.floor((buckets * 8) / 3) };
}

/** Addresses of the live entries of the Map or Set at `table`, in insertion order. */
export function liveEntries(heap: HeapView, table: number, layout: EntryLayout): number[] {
  const entries = heap.u32(table + TABLE_ENTRIES);
  const used = heap.u32(table + TABLE_ENTRIES_OFFSET);
  const out: number[] = [];
  for (let i = 0; i < used; ++i) {
    const entry = entries + i * layout.size;
    if (!(heap.u32(entry + layout.taggedNext) & EMPTY)) out.push(entry);
  }
  return out;
}

/**
 * Appends an entry whose key the caller writes next, and counts it live at once (taggedNext 0,
 * in no bucket yet), so that the collector visits its key and value from then on. The caller
 * made room (the capacity of {@link tableCapacity}).
 */
export function appendEntry(heap: HeapView, table: number, layout: EntryLayout): number {
  const used = heap.u32(table + TABLE_ENTRIES_OFFSET);
  const entry = heap.u32(table + TABLE_ENTRIES) + used * layout.size;
  heap.setU32(entry + layout.taggedNext, 0);
  heap.setU32(table + TABLE_ENTRIES_OFFSET, used + 1);
  heap.setU32(table + TABLE_ENTRIES_COUNT, heap.u32(table + TABLE_ENTRIES_COUNT) + 1);
  return entry;
}

/** Puts `entry` at the head of the chain of the bucket `hash` selects, as `Map#set` does. */
export function linkIntoBucket(heap: HeapView, table: number, layout: EntryLayout, entry: number, hash: number): void {
  const bucket = heap.u32(table + TABLE_BUCKETS) + ((hash & heap.u32(table + TABLE_BUCKETS_MASK)) >>> 0) * BUCKET_SIZE;
  heap.setU32(entry + layout.taggedNext, heap.u32(bucket));
  heap.setU32(bucket, entry);
}

/** Reads a number of type `name` stored at `address`, as JS sees it (bool a boolean, 64-bit a bigint). */
export function loadScalar(heap: HeapView, address: number, name: NumericName): number | bigint | boolean {
  const dv = heap.dv;
  switch (name) {
    case "bool":
      return dv.getUint8(address) !== 0;
    case "i8":
      return dv.getInt8(address);
    case "u8":
      return dv.getUint8(address);
    case "i16":
      return dv.getInt16(address, true);
    case "u16":
      return dv.getUint16(address, true);
    case "i32":
    case "isize":
      return dv.getInt32(address, true);
    case "u32":
    case "usize":
      return dv.getUint32(address, true);
    case "f32":
      return dv.getFloat32(address, true);
    case "f64":
      return dv.getFloat64(address, true);
    case "i64":
      return dv.getBigInt64(address, true);
    case "u64":
      return dv.getBigUint64(address, true);
  }
}

/** Stores a lowered number (see `lowerScalar`) of type `name` at `address`. */
export function storeScalar(heap: HeapView, address: number, name: NumericName, value: number | bigint): void {
  const dv = heap.dv;
  if (typeof value === "bigint") {
    dv.setBigUint64(address, BigInt.asUintN(64, value), true);
    return;
  }
  switch (NUMERIC[name].bytes) {
    case 1:
      dv.setUint8(address, value & 0xff);
      return;
    case 2:
      dv.setUint16(address, value & 0xffff, true);
      return;
    case 4:
      if (name === "f32") dv.setFloat32(address, value, true);
      else dv.setUint32(address, value >>> 0, true);
      return;
    default:
      dv.setFloat64(address, value, true);
  }
}
