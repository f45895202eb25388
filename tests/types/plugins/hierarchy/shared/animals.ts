// The shared part of the class hierarchy: compiled into every plugin that imports it.
export class Animal {
  feet: i32 = 4;
  constructor(public name: string) {}
  speak(): string {
    return "...";
  }
  get legs(): i32 {
    return this.feet;
  }
  set legs(n: i32) {
    this.feet = n;
  }
  toString(): string {
    return "Animal(" + this.name + ")";
  }
}

export interface Greeter {
  greet(who: string): string;
}

export abstract class Shape {
  abstract area(): f64;
  abstract kind(): string;
  describe(): string {
    return this.kind() + " of area " + this.area().toString();
  }
}

// A shared subclass: every plugin knows it. It implements Greeter, so a plugin that sees only
// the shared file still compiles `animal instanceof Greeter` as a real test.
export class Dog extends Animal implements Greeter {
  speak(): string {
    return "woof";
  }
  toString(): string {
    return "Dog(" + this.name + ")";
  }
  greet(who: string): string {
    return this.name + " wags at " + who;
  }
}
