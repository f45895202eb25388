// A relocatable plugin whose code and data contain ordinary integers equal to the addresses,
// table indices and class ids of its first build (memory base 0x10000: its first string's
// payload is at 65568; table base 1; class ids from 32). After relocation they must be
// unchanged, while every real pointer works.

class Box {
  constructor(public label: string, public items: Array<i32>) {}
}

const greeting = "hello";
const numbers: StaticArray<i32> = [65568, 32, 1, 65536];
const words: Array<string> = ["alpha", "beta"];
let kept: Box | null = null;

export function plainAddress(): i32 { return 65568; }
export function plainClassId(): i32 { return 32; }
export function plainTableIndex(): i32 { return 1; }
export function dataNumbers(): string {
  return numbers[0].toString() + "," + numbers[1].toString() + "," + numbers[2].toString() + "," + numbers[3].toString();
}
export function greet(name: string): string { return greeting + ", " + name + " " + words[0] + words[1]; }
export function keep(n: i32): i32 {
  kept = new Box(greeting, [n, n * 2]);
  return kept!.items[1];
}
export function keptLabel(): string { return kept ? kept!.label : "none"; }
export function boxId(): i32 { return idof<Box>(); }
export function isBox(): bool { const o: Object = new Box("x", []); return o instanceof Box; }
export function twice(x: i32): i32 {
  const f = (v: i32): i32 => v * 2;
  return f(x);
}
/** A function reference another plugin can call later (through the table). */
export function handle(): usize { const f = (v: i32): i32 => v + 100; return changetype<usize>(f); }
export function churn(n: i32): void { for (let i = 0; i < n; ++i) { const s = greeting + i.toString(); if (s.length == 0) unreachable(); } }
