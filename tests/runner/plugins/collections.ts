// Maps and Sets in and out of plugin exports. Used by runner/map-set.test.ts.
import { HASH } from "~lib/util/hash";

// Results: converted to JS Map / Set in insertion order.
export function wordCounts(text: string): Map<string, i32> {
  const m = new Map<string, i32>();
  const words = text.split(" ");
  for (let i = 0; i < words.length; ++i) {
    const w = words[i];
    m.set(w, m.has(w) ? m.get(w) + 1 : 1);
  }
  return m;
}
export function names(n: i32): Map<i32, string> {
  const m = new Map<i32, string>();
  for (let i = n - 1; i >= 0; --i) m.set(i * 10 - 5, "n" + i.toString());
  return m;
}
export function tags(): Set<string> {
  const s = new Set<string>();
  s.add("red");
  s.add("green");
  s.add("red");
  s.add("blue");
  return s;
}
export function ids(n: i32): Set<i64> {
  const s = new Set<i64>();
  for (let i = 0; i < n; ++i) s.add(<i64>i * 0x100000001 - 7);
  return s;
}
// Keys 0..n-1, every third deleted (marked EMPTY; from 10 on the table rehashes on delete).
export function withDeletions(n: i32): Map<string, i32> {
  const m = new Map<string, i32>();
  for (let i = 0; i < n; ++i) m.set("k" + i.toString(), i);
  for (let i = 0; i < n; i += 3) m.delete("k" + i.toString());
  return m;
}
export function emptyMap(): Map<string, i32> { return new Map<string, i32>(); }
export function emptySet(): Set<i64> { return new Set<i64>(); }
export function maybeMap(yes: bool): Map<string, i32> | null { return yes ? wordCounts("a b a") : null; }
export function byLength(words: Array<string>): Map<i32, Set<string>> {
  const m = new Map<i32, Set<string>>();
  for (let i = 0; i < words.length; ++i) {
    const w = words[i];
    if (!m.has(w.length)) m.set(w.length, new Set<string>());
    m.get(w.length).add(w);
  }
  return m;
}

// Arguments: the plugin's own methods on a table the host built.
export function get(m: Map<string, i32>, k: string): i32 { return m.has(k) ? m.get(k) : -1; }
export function has(m: Map<string, i32>, k: string): bool { return m.has(k); }
export function size(m: Map<string, i32>): i32 { return m.size; }
export function keysOf(m: Map<string, i32>): string { return m.keys().join(","); }
export function valuesOf(m: Map<string, i32>): Array<i32> { return m.values(); }
export function lookupAll(m: Map<string, i32>, keys: Array<string>): Array<i32> {
  const out = new Array<i32>(keys.length);
  for (let i = 0; i < keys.length; ++i) out[i] = m.has(keys[i]) ? m.get(keys[i]) : -1;
  return out;
}
export function addMore(m: Map<string, i32>, n: i32): Map<string, i32> {
  for (let i = 0; i < n; ++i) m.set("more" + i.toString(), i);
  return m;
}
export function without(m: Map<string, i32>, k: string): Map<string, i32> {
  m.delete(k);
  return m;
}
export function nameOf(m: Map<i32, string>, k: i32): string { return m.has(k) ? m.get(k) : "?"; }
export function namesOf(m: Map<i32, string>): string { return m.values().join(","); }
export function setHas(s: Set<string>, x: string): bool { return s.has(x); }
export function setSize(s: Set<string>): i32 { return s.size; }
export function setAdd(s: Set<string>, x: string): Set<string> { return s.add(x); }
export function setJoined(s: Set<string>): string { return s.values().join(","); }
export function idHas(s: Set<i64>, x: i64): bool { return s.has(x); }
export function idsJoined(s: Set<i64>): string { return s.values().join(","); }
export function sums(m: Map<string, Array<i32>>): Map<string, i32> {
  const out = new Map<string, i32>();
  const keys = m.keys();
  for (let i = 0; i < keys.length; ++i) {
    const row = m.get(keys[i]);
    let s = 0;
    for (let j = 0; j < row.length; ++j) s += row[j];
    out.set(keys[i], s);
  }
  return out;
}
export function nestedSize(m: Map<i32, Set<string>>, k: i32): i32 { return m.has(k) ? m.get(k).size : -1; }
export function sizeOrMinus(m: Map<string, i32> | null): i32 { return m === null ? -1 : m.size; }

// Other key and value types: lookups inside wasm of every key the host put in.
export function i8Lookup(m: Map<i8, bool>, keys: Array<i8>): Array<i32> {
  const out = new Array<i32>(keys.length);
  for (let i = 0; i < keys.length; ++i) out[i] = m.has(keys[i]) ? (m.get(keys[i]) ? 1 : 0) : -1;
  return out;
}
export function u16Lookup(m: Map<u16, f32>, keys: Array<u16>): Array<f32> {
  const out = new Array<f32>(keys.length);
  for (let i = 0; i < keys.length; ++i) out[i] = m.has(keys[i]) ? m.get(keys[i]) : -1;
  return out;
}
export function f64Lookup(m: Map<f64, u64>, keys: Array<f64>): Array<u64> {
  const out = new Array<u64>(keys.length);
  for (let i = 0; i < keys.length; ++i) out[i] = m.has(keys[i]) ? m.get(keys[i]) : 0;
  return out;
}
export function f32Has(s: Set<f32>, xs: Array<f32>): Array<bool> {
  const out = new Array<bool>(xs.length);
  for (let i = 0; i < xs.length; ++i) out[i] = s.has(xs[i]);
  return out;
}
export function boolHas(s: Set<bool>, xs: Array<bool>): Array<bool> {
  const out = new Array<bool>(xs.length);
  for (let i = 0; i < xs.length; ++i) out[i] = s.has(xs[i]);
  return out;
}
export function u64Lookup(m: Map<u64, string>, keys: Array<u64>): Array<string> {
  const out = new Array<string>(keys.length);
  for (let i = 0; i < keys.length; ++i) out[i] = m.has(keys[i]) ? m.get(keys[i]) : "?";
  return out;
}
export function echoI8(m: Map<i8, bool>): Map<i8, bool> { return m; }
export function echoF64(m: Map<f64, u64>): Map<f64, u64> { return m; }

// Other spellings for own() and lift().
export function words(): Array<string> { return ["x", "y"]; }
export function statics(): StaticArray<f64> { return [0.5, 1.5]; }

// Class ids: the host must allocate a Map<string,i32> with this plugin's id for it.
export function ownId(m: Map<string, i32>): bool { return load<u32>(changetype<usize>(m) - 8) == idof<Map<string, i32>>(); }

// Kept across calls and collections.
let kept: Map<string, i32> | null = null;
let keptSet: Set<string> | null = null;
export function keep(m: Map<string, i32>, s: Set<string>): void {
  kept = m;
  keptSet = s;
}
export function keptGet(k: string): i32 { return kept!.has(k) ? kept!.get(k) : -1; }
export function keptKeys(): string { return kept!.keys().join(","); }
export function keptSetJoined(): string { return keptSet!.values().join(","); }
export function keptMap(): Map<string, i32> { return kept!; }
export function drop(): void {
  kept = null;
  keptSet = null;
}
export function churn(n: i32): i32 {
  let total = 0;
  for (let i = 0; i < n; ++i) total += ("x" + i.toString()).length;
  return total;
}

// AssemblyScript's own HASH<T>, for the differential test of the host's.
export function hashString(s: string): u32 { return HASH<string>(s); }
export function hashI8(x: i8): u32 { return HASH<i8>(x); }
export function hashU16(x: u16): u32 { return HASH<u16>(x); }
export function hashI32(x: i32): u32 { return HASH<i32>(x); }
export function hashI64(x: i64): u32 { return HASH<i64>(x); }
export function hashF32(x: f32): u32 { return HASH<f32>(x); }
export function hashF64(x: f64): u32 { return HASH<f64>(x); }
export function hashBool(x: bool): u32 { return HASH<bool>(x); }
