// A shared plugin that imports from the isolated one.
@external("iso", "shout") declare function shout(s: string): string;
@external("iso", "sum") declare function isoSum(a: Array<i32>): i32;
@external("iso", "squares") declare function squares(n: i32): Array<f64>;
@external("iso", "isPositive") declare function isPositive(x: i64): bool;

export function greet(name: string): string { return shout("hello, " + name); }
export function total(n: i32): i32 {
  const a = new Array<i32>(n);
  for (let i = 0; i < n; ++i) a[i] = i;
  return isoSum(a);
}
export function lastSquare(n: i32): f64 { const s = squares(n); return s[s.length - 1]; }
export function positive(x: i64): bool { return isPositive(x); }
export function length(s: string): i32 { return s.length; }
// Writes over whatever lies at `address` in the memory this plugin can reach.
export function scribble(address: usize, bytes: i32): void { memory.fill(address, 0x41, bytes); }
