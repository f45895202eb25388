// Loaded isolated: its own memory, table and runtime.
@external("base", "twice") declare function twice(s: string): string;

const secret = "kept apart";
export function secretAddress(): usize { return changetype<usize>(secret); }
export function readSecret(): string { return secret; }
export function shout(s: string): string { return s.toUpperCase() + "!"; }
export function sum(a: Array<i32>): i32 {
  let s = 0;
  for (let i = 0; i < a.length; ++i) s += a[i];
  return s;
}
export function squares(n: i32): Array<f64> {
  const out = new Array<f64>(n);
  for (let i = 0; i < n; ++i) out[i] = <f64>(i * i);
  return out;
}
export function doubled(s: string): string { return twice(s); }
export function isPositive(x: i64): bool { return x > 0; }
