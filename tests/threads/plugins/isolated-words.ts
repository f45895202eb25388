// A shared plugin on a threaded host with an isolated plugin: the isolated one imports `twice`.
let kept: Array<string> | null = null;

export function twice(s: string): string { return s + s; }

export function keep(n: i32, seed: i32): void {
  const out = new Array<string>();
  for (let i = 0; i < n; ++i) out.push("w" + (i * 31 + seed).toString());
  kept = out;
}
export function check(n: i32, seed: i32): i32 {
  const words = kept;
  if (!words) return n ? 1000000 : 0;
  if (words.length != n) return 1000000;
  let errors = 0;
  for (let i = 0; i < n; ++i) if (words[i] != "w" + (i * 31 + seed).toString()) ++errors;
  return errors;
}
export function drop(): void { kept = null; }
