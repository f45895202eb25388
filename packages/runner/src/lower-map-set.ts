/**
 * Lowering a JS `Map` or `Set` into a real AssemblyScript `Map<K,V>` or `Set<T>` on the shared
 * heap (layout in map-set-layout.ts): allocated with the receiving plugin's class id for that
 * instantiation, each key in the bucket `HASH<K>` selects (as-hash.ts), entries in the JS
 * collection's order, so that the plugin's own `get`, `has`, `set`, `delete`, `keys()` and
 * `values()` work on it and insertion order survives.
 *
 * The collector may run at any allocation in between: the table object is allocated first,
 * zeroed and pinned (in `temps`); its buckets and entries are stored into it, with the write
 * barrier, right after each is allocated; an entry counts as used (so its key and value are
 * visited) before its key is stored, and each key and value is stored and linked before the
 * next allocation.
 */
import { ARRAYBUFFER_ID } from "@shared-rt/abi";
import { hashKey } from "./as-hash.js";
import { hasJsForm, isReference, parseType, typeArguments, type AsType, type RefType } from "./as-types.js";
import { readString, type HeapView } from "./heap-view.js";
import {
  TABLE_BUCKETS,
  TABLE_BUCKETS_MASK,
  TABLE_ENTRIES,
  TABLE_ENTRIES_CAPACITY,
  TABLE_SIZE,
  appendEntry,
  entryLayout,
  linkIntoBucket,
  storeScalar,
  tableCapacity,
  type EntryLayout,
} from "./map-set-layout.js";
import { describe, noJsForm, type Site } from "./value-messages.js";

export type TableType = Extract<AsType, { kind: "map" | "set" }>;

/** What building a table needs of the lowering that builds it (a `Lowering` is one). */
export interface TableLowering {
  readonly heap: HeapView;
  /** `__new`, unpinned. */
  allocate(size: number, id: number): number;
  /** `__link(parent, child, true)`: the write barrier for a container receiving many stores. */
  link(parent: number, child: number): void;
  /** Pins `ptr` until the caller's temps are released. */
  hold(ptr: number, temps: number[]): void;
  /** The class id `type` has in the plugin receiving the object. */
  classId(type: RefType, site: Site): number;
  /** A scalar's wasm value, or a reference as an object reachable until the next allocation. */
  lowerValue(value: unknown, type: AsType, site: Site, temps: number[], path: string): number | bigint;
}

/** Builds the table for a JS `Map` (for a `Map` type) or `Set` (for a `Set` type); `bad` says it is neither. */
export function lowerTable(l: TableLowering, value: unknown, type: TableType, at: Site, temps: number[], path: string, bad: () => Error): number {
  const isMap = type.kind === "map";
  if (!(isMap ? value instanceof Map : value instanceof Set)) throw bad();
  // A key or value that does not fit is reported as part of the whole declared type.
  const site = at.declared ? at : { ...at, declared: type.text };
  const keyType = isMap ? type.key : type.element;
  const items: [unknown, unknown][] = isMap ? [...(value as Map<unknown, unknown>)] : [...(value as Set<unknown>)].map((k) => [k, undefined]);
  const layout = entryLayout(type);
  const table = newTable(l, l.classId(type, site), layout, items.length, temps);
  const heap = l.heap;
  // Keys already in the table, by what AssemblyScript's `==` compares: a later equal key
  // replaces the value, as `Map#set` does (two JS numbers can be one f32, 1 and 1n one i64).
  const seen = new Map<unknown, number>();
  items.forEach(([k, v], i) => {
    const keyPath = `${path}${isMap ? ".keys()" : ".values()"}[${i}]`;
    const raw = l.lowerValue(k, keyType, site, temps, keyPath);
    const same = sameness(heap, keyType, k, raw);
    let entry = same === undefined ? undefined : seen.get(same);
    if (entry === undefined) {
      entry = appendEntry(heap, table, layout);
      store(l, table, entry + layout.key, keyType, raw);
      linkIntoBucket(heap, table, layout, entry, hashKey(heap, keyType, raw));
      if (same !== undefined) seen.set(same, entry);
    }
    if (type.kind === "map") {
      const rawValue = l.lowerValue(v, type.value, site, temps, `${path}.get(${describe(k)})`);
      store(l, table, entry + layout.value, type.value, rawValue);
    }
  });
  return table;
}

/** A pinned, empty Map or Set with room for `count` entries. */
function newTable(l: TableLowering, id: number, layout: EntryLayout, count: number, temps: number[]): number {
  const { buckets, entries } = tableCapacity(count);
  const table = l.allocate(TABLE_SIZE, id);
  // The minimal collector's __new does not zero, and the table's visitor reads every field.
  l.heap.u8.fill(0, table, table + TABLE_SIZE);
  l.hold(table, temps);
  const bucketBytes = l.allocate(buckets * 4, ARRAYBUFFER_ID);
  l.heap.u8.fill(0, bucketBytes, bucketBytes + buckets * 4);
  l.heap.setU32(table + TABLE_BUCKETS, bucketBytes);
  l.heap.setU32(table + TABLE_BUCKETS_MASK, buckets - 1);
  l.link(table, bucketBytes);
  const entryBytes = l.allocate(entries * layout.size, ARRAYBUFFER_ID);
  l.heap.u8.fill(0, entryBytes, entryBytes + entries * layout.size);
  l.heap.setU32(table + TABLE_ENTRIES, entryBytes);
  l.heap.setU32(table + TABLE_ENTRIES_CAPACITY, entries);
  l.link(table, entryBytes);
  return table;
}

/** Stores a lowered key or value into an entry field, with the write barrier for an object. */
function store(l: TableLowering, table: number, address: number, type: AsType, raw: number | bigint): void {
  if (isReference(type)) {
    l.heap.setU32(address, raw as number);
    l.link(table, raw as number);
  } else if (type.kind !== "void") {
    storeScalar(l.heap, address, type.name, raw);
  }
}

/**
 * What AssemblyScript's `==` on keys of `type` compares, as a JS Map key: the number as stored
 * (an f32 rounded), a string's contents, another object's address. Undefined for NaN, which
 * equals nothing.
 */
function sameness(heap: HeapView, type: AsType, key: unknown, raw: number | bigint): unknown {
  switch (type.kind) {
    case "number":
      return Number.isNaN(raw) ? undefined : type.name === "f32" ? Math.fround(raw as number) : raw;
    case "string":
      return typeof key === "string" ? key : readString(heap.memory, raw as number);
    default:
      return raw;
  }
}

/**
 * A JS `Map` or `Set` given where a Map or Set type is declared whose key or value type has no
 * JS form (`Map<string,v128>`, parsed as a plain class): UNSUPPORTED_TYPE naming that type.
 */
export function refuseTable(value: unknown, type: RefType, site: Site): void {
  if (type.kind !== "class" || !(value instanceof Map || value instanceof Set)) return;
  const generic = /^(Map|Set)\s*<(.*)>$/.exec(type.name);
  const unsupported = generic && typeArguments(generic[2])?.find((arg) => !hasJsForm(parseType(arg)));
  if (unsupported) throw noJsForm(site, type, unsupported);
}
