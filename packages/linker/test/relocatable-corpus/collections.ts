// Typed arrays, Map, Set, arrays of classes and function values (AssemblyScript's closures
// capture no locals: they are table indices, which relocation moves with the table base).

// The exact export that failed at -O0 with the incremental collector (duplicate local names).
export function sum(a: Float64Array): f64 {
  return a.reduce<f64>((acc, x) => acc + x, 0);
}

export function floats64(a: Float64Array): Float64Array {
  const doubled = a.map((x) => x * 2);
  const big = doubled.filter((x) => x > 3);
  big.sort();
  return big.subarray(1);
}

export function ints32(a: Int32Array): string {
  const copy = a.slice();
  copy.sort((x, y) => y - x);
  const odd = a.filter((x) => (x & 1) != 0);
  return `${copy.join(",")} ${odd.join(",")} ${a.reduce<i32>((acc, x) => acc + x, 0)} ${a.map((x) => x * x).join(",")} ${a.subarray(1, 3).join(",")} ${a.indexOf(3)} ${a.includes(7)}`;
}

export function small(): string {
  const u8 = new Uint8Array(6);
  for (let i = 0; i < u8.length; ++i) u8[i] = <u8>(250 + i * 3);
  const c8 = new Uint8ClampedArray(3);
  c8[0] = 300; c8[1] = -5; c8[2] = 128;
  const i16 = Int16Array.wrap(u8.buffer, 0, 3);
  const u32 = new Uint32Array(4);
  u32.fill(0xfffffff0);
  u32[2] = 7;
  u32.sort();
  const i8 = new Int8Array(4);
  i8.set([-1, -128, 127, 5]);
  i8.reverse();
  return `${u8.join(",")} ${c8.join(",")} ${i16.join(",")} ${u32.join(",")} ${i8.join(",")} ${u8.reduceRight<i32>((acc, x) => acc * 2 + x, 0)} ${u32.findIndex((x) => x == 7)}`;
}

export function wides(n: i32): string {
  const i64s = new Int64Array(n);
  const f32s = new Float32Array(n);
  for (let i = 0; i < n; ++i) {
    i64s[i] = (<i64>(n - i) << 40) - 1;
    f32s[i] = <f32>(n - i) / 3;
  }
  i64s.sort();
  f32s.sort((a, b) => i32(a > b) - i32(a < b));
  const u64s = new Uint64Array(2);
  u64s[0] = u64.MAX_VALUE;
  return `${i64s.join(",")} ${f32s.map((x) => x * 2).join(",")} ${u64s.join(",")} ${i64s.reduce<i64>((acc, x) => acc ^ x, 0)}`;
}

export function maps(n: i32): string {
  const byName = new Map<string, i32>();
  const byNumber = new Map<i32, string>();
  const byFloat = new Map<f64, Array<i32>>();
  for (let i = 0; i < n; ++i) {
    byName.set("key" + i.toString(), i * i);
    byNumber.set(i * 7, "v" + i.toString());
    const key = <f64>(i % 3) / 2;
    if (!byFloat.has(key)) byFloat.set(key, []);
    byFloat.get(key).push(i);
  }
  for (let i = 0; i < n; i += 3) byName.delete("key" + i.toString());
  const keys = byName.keys();
  const values = byNumber.values();
  return `${byName.size} ${keys.join(",")} ${values.join(",")} ${byNumber.has(14)} ${byFloat.get(0.5).join(",")} ${byFloat.size}`;
}

export function sets(text: string): string {
  const letters = new Set<string>();
  const codes = new Set<i32>();
  const halves = new Set<f32>();
  for (let i = 0; i < text.length; ++i) {
    letters.add(text.charAt(i));
    codes.add(text.charCodeAt(i));
    halves.add(<f32>text.charCodeAt(i) / 2);
  }
  letters.delete(" ");
  const values = letters.values();
  values.sort();
  return `${letters.size} ${values.join("")} ${codes.has(111)} ${halves.has(55.5)} ${codes.size}`;
}

class Point {
  constructor(public x: i32, public y: i32, public label: string) {}
  get length2(): i32 {
    return this.x * this.x + this.y * this.y;
  }
  toString(): string {
    return `${this.label}(${this.x},${this.y})`;
  }
}

class Point3 extends Point {
  constructor(x: i32, y: i32, public z: i32) {
    super(x, y, "p3");
  }
  get length2(): i32 {
    return super.length2 + this.z * this.z;
  }
}

/** Function values are table indices: kept in an array, passed, called indirectly. */
const transforms: Array<(p: Point) => i32> = [(p) => p.x, (p) => p.y * 10, (p) => p.length2];

let bias = 100; // what a "closure" can reach in AssemblyScript: a global

function apply(points: Point[], f: (p: Point) => i32): i32[] {
  const out = points.map<i32>((p) => p.length2 + bias);
  for (let i = 0; i < points.length; ++i) out.push(f(points[i]));
  return out;
}

export function classes(n: i32): string {
  const points = new Array<Point>();
  for (let i = 0; i < n; ++i) points.push(i % 3 == 0 ? new Point3(i, n - i, i * 2) : new Point(n - i, i, "p" + i.toString()));
  points.sort((a, b) => a.length2 - b.length2);
  const far = points.filter((p) => p.length2 > 20);
  const out = new Array<string>();
  for (let k = 0; k < transforms.length; ++k) out.push(apply(far, transforms[k]).join(","));
  bias += 1;
  const is3 = points.map<bool>((p) => p instanceof Point3);
  return `${points.join(" ")} | ${out.join(" / ")} | ${is3.join(",")} | ${points.findIndex((p) => p.label == "p3")}`;
}

export function nested(n: i32): string {
  const grid = new Array<Array<string>>();
  for (let i = 0; i < n; ++i) {
    const row = new Array<string>();
    for (let j = 0; j < n; ++j) row.push((i * j).toString());
    grid.push(row);
  }
  const flat = grid.flat();
  const statics: StaticArray<i32> = [3, 1, 2];
  return `${grid.map<string>((r) => r.join(" ")).join("; ")} ${flat.length} ${flat.lastIndexOf("0")} ${statics.join(",")} ${[5, 4, 9].sort().join(",")}`;
}
