import { Animal, Dog, Greeter, Shape, touch } from "./shared/animals";

export function ids(): i32 { return touch(null, null, null, null); }

export function speak(a: Animal): string { return a.speak(); }
export function legs(a: Animal): i32 { return a.legs; }
export function setLegs(a: Animal, n: i32): string { a.legs = n; return a.name; }
export function describe(a: Animal): string { return a.toString(); }
export function isDog(a: Animal): bool { return a instanceof Dog; }
export function isGreeter(a: Animal): bool { return a instanceof Greeter; }
export function greet(a: Animal): string { return a instanceof Greeter ? changetype<Greeter>(a).greet("zoo") : "-"; }
export function asDog(a: Animal): string { return (a as Dog).speak(); }
export function area(s: Shape): f64 { return s.area(); }
export function kind(s: Shape): string { return s.kind(); }
