// Shared source: compiled into every plugin that imports it.
export function defaultTimes(): i32 { return 2; }

export class Animal {
  constructor(public name: string) {}
  speak(): string { return "..."; }
  get legs(): i32 { return 0; }
  set legs(v: i32) { }
  toString(): string { return "Animal(" + this.name + ")"; }
  // non-constant default: the caller goes through a varargs stub
  describe(prefix: string, times: i32 = defaultTimes()): string { return prefix + this.name + "x" + times.toString(); }
}
export class Dog extends Animal {
  speak(): string { return "woof"; }
  get legs(): i32 { return 4; }
}
export interface Greeter {
  greet(who: string): string;
}
export abstract class Shape {
  abstract area(): f64;
  kind(): string { return "shape"; }
}
export class Box<T> {
  constructor(public v: T) {}
  get(): T { return this.v; }
  tag<U>(u: U): string { return "box"; }        // a generic method: instantiated per call site
}
