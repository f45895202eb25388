// Private subclasses of the shared Dog, and a shape: only this plugin knows them.
import { Animal, Dog, Shape } from "../shared/animals";

class Puppy extends Dog {
  speak(): string {
    return "yip";
  }
  get legs(): i32 {
    return this.feet * 10;
  }
  set legs(n: i32) {
    this.feet = n + 2;
  }
}

// Two levels below the shared Dog: inherits Puppy's speak and legs, overrides toString.
class Husky extends Puppy {
  toString(): string {
    return "Husky<" + this.name + ">";
  }
  greet(who: string): string {
    return this.name + " howls at " + who;
  }
}

class Square extends Shape {
  constructor(public side: f64) {
    super();
  }
  area(): f64 {
    return this.side * this.side;
  }
  kind(): string {
    return "square";
  }
}

export function makePuppy(name: string): Animal {
  return new Puppy(name);
}

export function makeHusky(name: string): Animal {
  return new Husky(name);
}

export function makeDog(name: string): Dog {
  return new Dog(name);
}

export function makeSquare(side: f64): Shape {
  return new Square(side);
}
