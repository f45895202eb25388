// Private animals, and function references made here for the others to call.
import { Animal, Button, Dog, Handler } from "../shared/zoo";

class Cat extends Animal {
  sound(): string {
    return "meow";
  }
  size(): i32 {
    return this.weight * 3;
  }
}

class Cow extends Animal {
  sound(): string {
    return "moo";
  }
  toString(): string {
    return "Cow " + this.name + " of " + this.weight.toString();
  }
}

function loud(a: Animal): string {
  return a.sound().toUpperCase() + "!";
}

function byName(a: Animal, b: Animal): i32 {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

export function animals(): Animal[] {
  const tom = new Cat("tom", 4);
  const bess = new Cow("bess", 9);
  const rex = new Dog("rex", 7);
  tom.friend = rex;
  rex.friend = bess;
  return [tom, bess, rex];
}

export function handlers(): Handler[] {
  return [new Handler("loud", loud), new Handler("weigh", (a: Animal): string => a.name + " weighs " + a.weight.toString())];
}

export function nameOrder(): (a: Animal, b: Animal) => i32 {
  return byName;
}

export function button(): Button {
  const b = new Button();
  b.onClick = (n: i32): i32 => n * 2 + 1;
  return b;
}

export function describe(a: Animal | null): string {
  if (a == null) return "nobody";
  if (a instanceof Cat) return "a cat called " + a.name;
  return "not a cat: " + a!.toString();
}
