import { ARRAYBUFFER_ID, FIRST_PLUGIN_CLASS_ID, STRING_ID } from "@shared-rt/abi";
import { describe, expect, it } from "vitest";
import { hash32, hash64, hashKey, hashString } from "../src/as-hash.js";
import { parseType, type AsType, type RefType } from "../src/as-types.js";
import { PluginCallError } from "../src/errors.js";
import { HeapView, readString, writeString } from "../src/heap-view.js";
import { lift } from "../src/lift-values.js";
import {
  EMPTY,
  TABLE_BUCKETS,
  TABLE_BUCKETS_MASK,
  TABLE_ENTRIES,
  TABLE_ENTRIES_CAPACITY,
  TABLE_ENTRIES_COUNT,
  TABLE_ENTRIES_OFFSET,
  TABLE_SIZE,
  entryLayout,
  loadScalar,
  mapEntryLayout,
  setEntryLayout,
  tableCapacity,
} from "../src/map-set-layout.js";
import type { Site } from "../src/value-messages.js";
import { handMadeHost, type FakeRuntime } from "./fake-runtime.js";
import { message } from "./refusal.js";

const site: Site = {
  plugin: "p",
  what: "argument 1 of p.f",
  fail: (code, message) => new PluginCallError(code, "p", "f", message),
};

const MAP_STRING_I32 = FIRST_PLUGIN_CLASS_ID;
const SET_I64 = FIRST_PLUGIN_CLASS_ID + 1;

/** A hand-made memory whose one plugin `p` uses the classes below. */
function setup() {
  const { rt, heap, pins, lowering } = handMadeHost([
    "~lib/map/Map<~lib/string/String,i32>",
    "~lib/set/Set<i64>",
    "~lib/map/Map<f32,i32>",
    "~lib/map/Map<i8,~lib/array/Array<~lib/string/String>>",
    "~lib/array/Array<~lib/string/String>",
    "~lib/set/Set<~lib/string/String|null>",
    "~lib/map/Map<i32,~lib/map/Map<~lib/string/String,i32>>",
  ]);
  const lower = (value: unknown, type: string, temps: number[] = []) => lowering.lowerRef(value, parseType(type) as RefType, site, temps, "");
  return { rt, heap, pins, lower };
}

function newString(rt: FakeRuntime, value: string): number {
  const ptr = rt.__new(value.length * 2, STRING_ID);
  writeString(rt.memory, ptr, value);
  return ptr;
}

/** AssemblyScript's `find`: the entry whose key is `key` in the bucket its hash selects, or 0. */
function find(heap: HeapView, table: number, type: Extract<AsType, { kind: "map" | "set" }>, key: number | bigint): number {
  const layout = entryLayout(type);
  const keyType = type.kind === "map" ? type.key : type.element;
  const hash = hashKey(heap, keyType, key);
  let entry = heap.u32(heap.u32(table + TABLE_BUCKETS) + ((hash & heap.u32(table + TABLE_BUCKETS_MASK)) >>> 0) * 4);
  while (entry) {
    const tagged = heap.u32(entry + layout.taggedNext);
    const stored = keyType.kind === "string" ? readString(heap.memory, heap.u32(entry)) : loadScalar(heap, entry, (keyType as { name: "i64" }).name);
    const wanted = keyType.kind === "string" ? readString(heap.memory, key as number) : key;
    if (!(tagged & EMPTY) && stored === wanted) return entry;
    entry = tagged & ~EMPTY;
  }
  return 0;
}

describe("the layout of Map and Set", () => {
  it("aligns each entry field to its size and the entry to the largest, at least 4", () => {
    expect(mapEntryLayout(4, 4)).toEqual({ key: 0, value: 4, taggedNext: 8, size: 12 }); // Map<string,i32>
    expect(mapEntryLayout(4, 8)).toEqual({ key: 0, value: 8, taggedNext: 16, size: 24 }); // Map<i32,f64>
    expect(mapEntryLayout(8, 4)).toEqual({ key: 0, value: 8, taggedNext: 12, size: 16 }); // Map<i64,string>
    expect(mapEntryLayout(1, 1)).toEqual({ key: 0, value: 1, taggedNext: 4, size: 8 }); // Map<i8,bool>
    expect(mapEntryLayout(2, 4)).toEqual({ key: 0, value: 4, taggedNext: 8, size: 12 }); // Map<u16,f32>
    expect(mapEntryLayout(1, 8)).toEqual({ key: 0, value: 8, taggedNext: 16, size: 24 }); // Map<bool,u64>
    expect(setEntryLayout(4)).toEqual({ key: 0, value: -1, taggedNext: 4, size: 8 });
    expect(setEntryLayout(8)).toEqual({ key: 0, value: -1, taggedNext: 8, size: 16 });
    expect(setEntryLayout(1)).toEqual({ key: 0, value: -1, taggedNext: 4, size: 8 });
    expect(entryLayout(parseType("Map<f64, Array<i32>>") as Extract<AsType, { kind: "map" }>)).toEqual(mapEntryLayout(8, 4));
  });

  it("sizes tables as AssemblyScript grows them: 4/4, then buckets × 8 / 3 entries", () => {
    expect([0, 4, 5, 21, 22, 42, 43, 1000].map(tableCapacity)).toEqual([
      { buckets: 4, entries: 4 },
      { buckets: 4, entries: 4 },
      { buckets: 8, entries: 21 },
      { buckets: 8, entries: 21 },
      { buckets: 16, entries: 42 },
      { buckets: 16, entries: 42 },
      { buckets: 32, entries: 85 },
      { buckets: 512, entries: 1365 },
    ]);
  });
});

describe("AssemblyScript's HASH", () => {
  // Computed by AssemblyScript's own HASH<T> in tests/runner/plugins/collections.ts (the
  // integration test checks the plugin still gives these).
  it("equals the compiler's for strings, integers, 64-bit integers and floats", () => {
    expect(["", "a", "ab", "abcdefgh", "abcdefghijklmnopqrstuvwxyz", "\uD800é😀xyz"].map(hashString)).toEqual([
      46947589, 428027730, 3324196482, 3907555939, 3478081051, 3101541938,
    ]);
    expect(hashString(null)).toBe(0);
    expect([0, 1, -1, 127, -128].map((x) => hash32(x, 1))).toEqual([2491795611, 842011282, 3840407638, 319438975, 654438328]);
    expect([0, 1, -1, 123456789].map((x) => hash32(x))).toEqual([148298089, 4089149075, 67608159, 2987034094]);
    expect(hash32(65535, 2)).toBe(340606936);
    const heap = new HeapView(new WebAssembly.Memory({ initial: 1 }));
    expect([0n, 1n, -1n, 2n ** 40n + 3n].map((x) => hashKey(heap, parseType("i64"), x))).toEqual([3736311059, 149775153, 3246573273, 1847158631]);
    expect(hash64(0, 0)).toBe(3736311059);
    expect([0, 1.5, -2.25, 1e300].map((x) => hashKey(heap, parseType("f64"), x))).toEqual([3736311059, 4214172771, 1108866037, 1989478705]);
    expect([0, 1.5, -2.25, 1e300].map((x) => hashKey(heap, parseType("f32"), x))).toEqual([148298089, 2849136462, 4217764007, 1610453576]);
    expect([1, 0].map((x) => hashKey(heap, parseType("bool"), x))).toEqual([842011282, 2491795611]);
  });
});

describe("Map and Set in a hand-made memory", () => {
  it("lift live entries in insertion order, skipping deleted ones", () => {
    const { rt, heap } = setup();
    const layout = mapEntryLayout(4, 4);
    // new Map<string,i32>; set("a", 1); set("b", 2); set("c", 3); delete("b") — as map.ts leaves it.
    const table = rt.__new(TABLE_SIZE, MAP_STRING_I32);
    const buckets = rt.__new(16, ARRAYBUFFER_ID);
    const entries = rt.__new(4 * layout.size, ARRAYBUFFER_ID);
    new Uint8Array(rt.memory.buffer, buckets, 16).fill(0);
    [buckets, 3, entries, 4, 3, 2].forEach((word, i) => {
      heap.setU32(table + i * 4, word);
    });
    ["a", "b", "c"].forEach((key, i) => {
      const entry = entries + i * layout.size;
      const ptr = newString(rt, key);
      heap.setU32(entry, ptr);
      heap.setU32(entry + layout.value, i + 1);
      const bucket = buckets + (hashKey(heap, parseType("string"), ptr) & 3) * 4;
      heap.setU32(entry + layout.taggedNext, heap.u32(bucket));
      heap.setU32(bucket, entry);
    });
    heap.setU32(entries + layout.size + layout.taggedNext, heap.u32(entries + layout.size + layout.taggedNext) | EMPTY);
    expect(lift(heap, table, parseType("Map<string,i32>"))).toEqual(
      new Map([
        ["a", 1],
        ["c", 3],
      ]),
    );
    expect(lift(heap, 0, parseType("Map<string,i32> | null"))).toBeNull();

    // new Set<i64>; add(-1); add(2^40); add(7); delete(-1): 16-byte entries, key then taggedNext at 8.
    const set = rt.__new(TABLE_SIZE, SET_I64);
    const setEntries = rt.__new(4 * 16, ARRAYBUFFER_ID);
    [rt.__new(16, ARRAYBUFFER_ID), 3, setEntries, 4, 3, 2].forEach((word, i) => {
      heap.setU32(set + i * 4, word);
    });
    [-1n, 2n ** 40n, 7n].forEach((key, i) => {
      heap.dv.setBigInt64(setEntries + i * 16, key, true);
      heap.setU32(setEntries + i * 16 + 8, i === 0 ? EMPTY : 0);
    });
    expect(lift(heap, set, parseType("Set<i64>"))).toEqual(new Set([2n ** 40n, 7n]));
  });

  it("lower a JS Map into a table whose keys lookups find, in order, with room as AssemblyScript sizes it", () => {
    const { heap, lower } = setup();
    const type = parseType("Map<string,i32>") as Extract<AsType, { kind: "map" }>;
    const value = new Map(Array.from({ length: 30 }, (_, i) => [`key${i}`, i * 7]));
    const table = lower(value, "Map<string,i32>");
    expect(heap.classId(table)).toBe(MAP_STRING_I32);
    expect([TABLE_BUCKETS_MASK, TABLE_ENTRIES_CAPACITY, TABLE_ENTRIES_OFFSET, TABLE_ENTRIES_COUNT].map((f) => heap.u32(table + f))).toEqual([15, 42, 30, 30]);
    expect(heap.size(heap.u32(table + TABLE_BUCKETS))).toBe(16 * 4);
    expect(heap.size(heap.u32(table + TABLE_ENTRIES))).toBe(42 * 12);
    for (const [key, v] of value) {
      const probe = lower(key, "string");
      const entry = find(heap, table, type, probe);
      expect(entry).not.toBe(0);
      expect(heap.u32(entry + 4)).toBe(v);
    }
    expect(find(heap, table, type, lower("absent", "string"))).toBe(0);
    expect(lift(heap, table, type)).toEqual(value);
  });

  it("lower Sets and nested types, one entry per key as AssemblyScript's == sees it", () => {
    const { heap, lower } = setup();
    const ids = lower(new Set([1n, 1, -5n, 2n ** 63n - 1n]), "Set<i64>");
    expect(heap.classId(ids)).toBe(SET_I64);
    expect(lift(heap, ids, parseType("Set<i64>"))).toEqual(new Set([1n, -5n, 2n ** 63n - 1n]));
    for (const key of [1n, -5n, 2n ** 63n - 1n]) expect(find(heap, ids, parseType("Set<i64>") as Extract<AsType, { kind: "set" }>, key)).not.toBe(0);
    // 0.1 and the next double are one f32: the later value wins, as Map#set does.
    const floats = lower(
      new Map([
        [0.1, 1],
        [0.1 + 2 ** -56, 2],
        [Number.NaN, 3],
      ]),
      "Map<f32,i32>",
    );
    expect(lift(heap, floats, parseType("Map<f32,i32>"))).toEqual(
      new Map([
        [Math.fround(0.1), 2],
        [Number.NaN, 3],
      ]),
    );
    const nested = new Map([
      [-1, ["a", "b"]],
      [7, []],
    ]);
    expect(lift(heap, lower(nested, "Map<i8, Array<string>>"), parseType("Map<i8,Array<string>>"))).toEqual(nested);
    const deep = new Map([[1, new Map([["x", 1]])]]);
    expect(lift(heap, lower(deep, "Map<i32, Map<string, i32>>"), parseType("Map<i32,Map<string,i32>>"))).toEqual(deep);
    expect(lift(heap, lower(new Set(["a", null]), "Set<string | null>"), parseType("Set<string|null>"))).toEqual(new Set(["a", null]));
  });

  it("pin the table for the call, and only the table", () => {
    const { heap, pins, lower } = setup();
    const temps: number[] = [];
    const table = lower(new Map([["a", 1]]), "Map<string,i32>", temps);
    expect(temps).toEqual([table]);
    expect(heap.isPinned(table)).toBe(true);
    for (const ptr of temps) pins.unpin(ptr);
    expect(pins.size).toBe(0);
  });

  it("refuse what does not fit, naming the key or value, and types that cannot be made", () => {
    const { lower } = setup();
    expect(message(() => lower({ a: 1 }, "Map<string,i32>"))).toBe(
      "BAD_ARGUMENT: argument 1 of p.f is Map<string,i32>: expected a Map, an owned Map<string,i32> or its address, found an object (Object)",
    );
    expect(message(() => lower(new Map([["a", 1.5]]), "Map<string,i32>"))).toBe(
      'BAD_ARGUMENT: argument 1 of p.f is Map<string,i32>: expected an integer from -2147483648 to 2147483647 at .get("a"), found 1.5',
    );
    expect(message(() => lower(new Set([1n, "2"]), "Set<i64> | null"))).toBe(
      'BAD_ARGUMENT: argument 1 of p.f is Set<i64> | null: expected an integer from -9223372036854775808 to 9223372036854775807 at .values()[1], found "2"',
    );
    expect(message(() => lower(new Map([[1, [2]]]), "Map<i8, Array<string>>"))).toBe(
      "BAD_ARGUMENT: argument 1 of p.f is Map<i8, Array<string>>: expected a string or an owned string at .get(1)[0], found 2",
    );
    expect(message(() => lower([1], "Set<i64> | null"))).toBe(
      "BAD_ARGUMENT: argument 1 of p.f is Set<i64> | null: expected a Set, null, an owned Set<i64> or its address, found an array of length 1",
    );
    expect(message(() => lower(new Map(), "Map<string,u8>"))).toBe(
      "UNSUPPORTED_TYPE: argument 1 of p.f is Map<string,u8>, but no loaded plugin uses Map<string,u8>, so it has no class id to allocate one with",
    );
    expect(message(() => lower(new Set(), "Set<v128>"))).toBe(
      "UNSUPPORTED_TYPE: argument 1 of p.f is Set<v128>, but the host cannot convert v128, so it cannot make one from a JS Map or Set",
    );
    expect(message(() => lower(new Map(), "Map<string, externref>"))).toBe(
      "UNSUPPORTED_TYPE: argument 1 of p.f is Map<string, externref>, but the host cannot convert externref, so it cannot make one from a JS Map or Set",
    );
  });
});
