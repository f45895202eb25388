// Exports of every shape the host converts. Used by test/interop.test.ts.

export function add(a: i32, b: i32): i32 { return a + b; }
export function unsigned(x: u32): u32 { return x ^ 0xffffffff; }
export function small(x: u8, y: i8): i16 { return <i16>x + <i16>y; }
export function big(x: u64): u64 { return x + 1; }
export function negate(b: bool): bool { return !b; }
export function half(x: f64): f32 { return <f32>(x / 2); }

export function sum(a: Array<i32>): i32 {
  let s = 0;
  for (let i = 0; i < a.length; ++i) s += a[i];
  return s;
}
export function range(n: i32): Array<i32> {
  const out = new Array<i32>();
  for (let i = 0; i < n; ++i) out.push(i);
  return out;
}
export function scale(a: Array<f64>, k: f64): Array<f64> {
  const out = new Array<f64>(a.length);
  for (let i = 0; i < a.length; ++i) out[i] = a[i] * k;
  return out;
}
export function flags(a: Array<bool>): Array<bool> { return a.map<bool>((b: bool) => !b); }
export function bigs(a: Array<i64>): Array<u64> { return a.map<u64>((x: i64) => <u64>(x * 2)); }

export function join(a: Array<string>, sep: string): string { return a.join(sep); }
export function split(s: string, sep: string): Array<string> { return s.split(sep); }
export function present(a: Array<string | null>): Array<string | null> {
  return a.map<string | null>((s: string | null) => (s === null ? "null" : null));
}
export function totals(a: Array<Array<i32>>): Array<i32> { return a.map<i32>((row: Array<i32>) => sum(row)); }
export function matrix(n: i32): Array<Array<string>> {
  const out = new Array<Array<string>>();
  for (let i = 0; i < n; ++i) {
    const row = new Array<string>();
    for (let j = 0; j < n; ++j) row.push(i.toString() + "," + j.toString());
    out.push(row);
  }
  return out;
}

export function byteSum(b: ArrayBuffer): u32 {
  const v = Uint8Array.wrap(b);
  let s: u32 = 0;
  for (let i = 0; i < v.length; ++i) s += v[i];
  return s;
}
export function bytes(n: i32): ArrayBuffer {
  const b = new ArrayBuffer(n);
  const v = Uint8Array.wrap(b);
  for (let i = 0; i < n; ++i) v[i] = <u8>(i * 7);
  return b;
}
export function incremented(a: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length);
  for (let i = 0; i < a.length; ++i) out[i] = a[i] + 1;
  return out;
}
export function tail(a: Int32Array, from: i32): Int32Array { return a.subarray(from); }
export function squares(a: Float64Array): Float64Array { return a.map((x: f64) => x * x); }
export function wides(a: Int64Array): Int64Array { return a.map((x: i64) => -x); }
export function clamp(a: Uint8ClampedArray): i32 { return a.length; }
export function staticSum(a: StaticArray<f64>): f64 {
  let s = 0.0;
  for (let i = 0; i < a.length; ++i) s += a[i];
  return s;
}
export function staticNames(n: i32): StaticArray<string> {
  const out = new StaticArray<string>(n);
  for (let i = 0; i < n; ++i) out[i] = "n" + i.toString();
  return out;
}
export function maybe(s: string | null): string | null { return s === null ? null : s + "!"; }

// Class ids: the host must allocate an Array<i32> with this plugin's id for it.
export function ownId(a: Array<i32>): bool { return load<u32>(changetype<usize>(a) - 8) == idof<Array<i32>>(); }
export function address(s: string): usize { return changetype<usize>(s); }

class Point { constructor(public x: i32, public y: i32) {} }
export function point(x: i32, y: i32): Point { return new Point(x, y); }
export function pointSum(p: Point): i32 { return p.x + p.y; }

let kept: string | null = null;
export function keep(s: string): void { kept = s; }
export function drop(): void { kept = null; }
export function same(s: string): bool { return kept !== null && changetype<usize>(kept) == changetype<usize>(s); }

// Makes the memory grow by allocating and keeping `n` KiB.
let ballast: Array<ArrayBuffer> = [];
export function grow(kib: i32): i32 {
  for (let i = 0; i < kib; ++i) ballast.push(new ArrayBuffer(1024));
  return memory.size();
}
export function release(): void { ballast = []; }
export function churn(n: i32): i32 {
  let total = 0;
  for (let i = 0; i < n; ++i) total += ("x" + i.toString()).length;
  return total;
}
