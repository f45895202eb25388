// A private subclass of a standard class (Names extends Array<string>), and private animals.
import { Animal } from "../shared/api";

class Names extends Array<string> {
  shout(): string {
    return this.join("!") + "!";
  }
}

class Cat extends Animal {
  toString(): string {
    return "cat " + this.name;
  }
}

export function names(): Array<string> {
  const n = new Names();
  n.push("a");
  n.push("b");
  return n;
}

export function animals(): Animal[] {
  return [new Cat("tom"), new Animal("gen")];
}

export function things(): Object[] {
  return [names(), new Cat("kit"), new Map<string, Animal>()];
}
