// Calls host functions declared with AssemblyScript types: the host converts their arguments
// and results (tests/runner/host-functions.test.ts).
@external("host", "words") declare function words(text: string): Array<string>;
@external("host", "join") declare function join(parts: Array<string>, separator: string | null): string;
@external("host", "evens") declare function evens(counts: Map<string, i32>): Set<i32>;
@external("host", "halves") declare function halves(bytes: Uint8Array): Float64Array;
@external("host", "scale") declare function scale(x: i64, negate: bool): i64;
@external("host", "maybe") declare function maybe(text: string | null): string | null;
@external("host", "same") declare function same(box: Box): Box;
@external("host", "fresh") declare function fresh(n: i32): Array<string>;
@external("host", "freshText") declare function freshText(n: i32): string;
@external("host", "length") declare function length(text: string): i32;
@external("host", "bad") declare function bad(): string;
@external("raw", "address") declare function address(text: string): usize;

class Box {
  constructor(public value: i32) {}
}

export function split(text: string): string {
  return words(text).join("|");
}

export function joined(): string {
  return join(["a", "b", "c"], "+") + " " + join(["x", "y"], null);
}

export function evenValues(): string {
  const m = new Map<string, i32>();
  m.set("a", 2).set("b", 3).set("c", 4);
  const s = evens(m);
  return s.size.toString() + (s.has(2) ? " 2" : "") + (s.has(4) ? " 4" : "") + (s.has(3) ? " 3" : "");
}

export function halved(): f64 {
  const b = new Uint8Array(3);
  b[0] = 2;
  b[1] = 5;
  b[2] = 255;
  const h = halves(b);
  return h[0] + h[1] + h[2] + <f64>h.length * 1000;
}

export function scaled(x: i64, negate: bool): i64 {
  return scale(x, negate);
}

export function maybeBoth(): string {
  const a = maybe(null);
  const b = maybe("x");
  return (a === null ? "null" : a!) + " " + (b === null ? "null" : b!);
}

export function boxed(v: i32): i32 {
  const box = new Box(v);
  return same(box) === box ? same(box).value : -1;
}

// A result the host built for this call must outlive full collections once received: the
// plugin holds it only in a local (its shadow stack).
export function freshSurvives(n: i32): string {
  const parts = fresh(n);
  __collect();
  let junk = "";
  for (let i = 0; i < 2000; ++i) junk = i.toString() + junk.slice(0, 16);
  __collect();
  return parts.join(",");
}

export function freshTextSurvives(n: i32): string {
  const text = freshText(n);
  __collect();
  const more = new Array<string>();
  for (let i = 0; i < 1000; ++i) more.push(i.toString());
  __collect();
  return text;
}

export function rawLength(text: string): i32 {
  return length(text);
}

export function rawAddress(text: string): bool {
  return address(text) == changetype<usize>(text);
}

export function badResult(): string {
  return bad();
}

export function badArgument(): string | null {
  // Not an object: the host refuses to read it.
  return maybe(changetype<string>(<usize>6));
}
