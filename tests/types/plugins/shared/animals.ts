// Shared by every plugin of the types tests: a base class, a shared subclass, an interface and
// an abstract class. Subclasses live in the plugins.
export class Animal {
  constructor(public name: string) {}
  speak(): string { return "..."; }
  get legs(): i32 { return 4; }
  set legs(n: i32) { this.name = this.name + "!" + n.toString(); }
  toString(): string { return "animal " + this.name; }
}

export class Dog extends Animal {
  speak(): string { return "woof"; }
}

export interface Greeter {
  greet(who: string): string;
}

export abstract class Shape {
  abstract area(): f64;
  kind(): string { return "shape"; }
}

/** Resolves the shared classes first and in this order, so every plugin gives them the same ids. */
export function touch(a: Animal | null, d: Dog | null, g: Greeter | null, s: Shape | null): i32 {
  return (a ? 1 : 0) + (d ? 1 : 0) + (g ? 1 : 0) + (s ? 1 : 0);
}
