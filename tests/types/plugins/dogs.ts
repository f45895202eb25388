import { Animal, Dog, Greeter, Shape, touch } from "./shared/animals";

export function ids(): i32 { return touch(null, null, null, null); }

// Private subclasses: two levels deep, one inheriting without overriding.
class Puppy extends Dog {
  speak(): string { return "yip"; }
  get legs(): i32 { return 3; }
  toString(): string { return "puppy " + this.name; }
}
class Husky extends Puppy {}
class Wolf extends Animal implements Greeter {
  private extra: i32 = 0;
  speak(): string { return "howl"; }
  set legs(n: i32) { this.extra = n; this.name = "wolf" + n.toString(); }
  get legs(): i32 { return this.extra; }
  greet(who: string): string { return "grr " + who; }
}
class Square extends Shape {
  constructor(public side: f64) { super(); }
  area(): f64 { return this.side * this.side; }
  kind(): string { return "square"; }
}

export function makePuppy(): Animal { return new Puppy("rex"); }
export function makeHusky(): Animal { return new Husky("balto"); }
export function makeWolf(): Animal { return new Wolf("w"); }
export function makeDog(): Animal { return new Dog("dog"); }
export function makeSquare(): Shape { return new Square(3); }
