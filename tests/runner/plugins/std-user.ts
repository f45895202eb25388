// Ordinary AssemblyScript using the standard library's host imports.
export function random(n: i32): Uint8Array {
  const a = new Uint8Array(n);
  crypto.getRandomValues(a);
  return a;
}
export function elapsed(): bool {
  const t = performance.now();
  return performance.now() >= t && Date.now() > 0;
}
export function chatter(): void {
  console.time("t");
  console.timeEnd("t");
  console.assert(false, "nope");
  console.log("said " + Math.max(1, 2).toString());
  trace("traced", 2, 1.5, 2.5);
}
export function quit(): void { process.exit(3); }
export function hello(): string { return greet("you"); }
@external("env", "greet") declare function greet(who: string): string;
