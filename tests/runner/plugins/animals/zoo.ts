import { Animal, Bird, Named, Plate, Robin } from "./animals";

export function nameOf(a: Animal): string {
  return a.name;
}

export function wingsOf(b: Bird): i32 {
  return b.wings;
}

export function labelOf(n: Named): string {
  return n.label();
}

// No signature names Bird: only the declared result says that what comes back is an Animal.
export function make(kind: i32): Animal {
  return kind == 2 ? new Robin() : kind == 1 ? new Bird() : new Animal();
}

export function makeRobin(): Robin {
  return new Robin();
}

export function plate(): Plate {
  return new Plate();
}

// A subclass no signature names at all: only the plugin's layout says that it is an Animal.
class Parrot extends Animal {
  constructor() {
    super();
    this.name = "parrot";
  }
}
let keptParrot: Parrot | null = null;

export function parrotAddress(): usize {
  keptParrot = new Parrot();
  return changetype<usize>(keptParrot);
}
