// Hands strings to the host through a host function; keeps and returns objects.
@external("host", "give") declare function give(s: string): void;

export function hand(s: string): void { give(s + "!"); }
export function text(n: i32): string { return "x".repeat(n); }
export function numbers(n: i32): Array<i32> {
  const out = new Array<i32>(n);
  for (let i = 0; i < n; ++i) out[i] = i * i;
  return out;
}
export function length(s: string): i32 { return s.length; }
export function count(): i32 { return 7; }
export function churn(n: i32): i32 {
  let total = 0;
  for (let i = 0; i < n; ++i) total += ("churn" + i.toString()).length;
  return total;
}
let ballast: Array<ArrayBuffer> = [];
export function grow(kib: i32): i32 {
  for (let i = 0; i < kib; ++i) ballast.push(new ArrayBuffer(1024));
  return memory.size();
}
export function release(): void { ballast = []; }
// An object the plugin pins itself: the host must neither pin it again nor unpin it.
export function selfPinned(): string {
  const s = "p".repeat(3);
  __pin(changetype<usize>(s));
  return s;
}
export function unpinIt(s: string): void { __unpin(changetype<usize>(s)); }
@external("host", "sum") declare function hostSum(a: Array<i32>): i32;
export function viaHost(n: i32): i32 { return hostSum(numbers(n)); }
