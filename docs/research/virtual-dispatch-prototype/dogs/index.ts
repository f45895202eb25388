import { Animal, Dog, Greeter, Shape, Box } from "../shared/animals";
class Puppy extends Dog {                       // private subclass of a shared subclass
  speak(): string { return "yip"; }
}
class Husky extends Puppy {                     // two levels below the shared class, no speak override
  toString(): string { return "Husky!"; }
}
class Wolf extends Animal implements Greeter {   // overrides getter, setter, toString, describe, interface
  private stored: i32 = 4;
  speak(): string { return "howl"; }
  get legs(): i32 { return this.stored; }
  set legs(v: i32) { this.stored = v; }
  toString(): string { return "Wolf<" + this.name + ">"; }
  describe(prefix: string, times: i32 = 7): string { return "wolf:" + prefix + times.toString(); }
  greet(who: string): string { return "grr " + who; }
}
class Sq extends Shape {
  constructor(public s: f64) { super(); }
  area(): f64 { return this.s * this.s; }
}
export function makePuppy(): Animal { return new Puppy("p"); }
export function makeHusky(): Animal { return new Husky("h"); }
export function makeWolf(): Animal { return new Wolf("w"); }
export function makeSharedDog(): Animal { return new Dog("d"); }
export function makeSq(): Shape { return new Sq(3); }
class IntBox extends Box<i32> {
  get(): i32 { return 42; }
  tag<U>(u: U): string { return "intbox"; }
}
export function makeIntBox(): Box<i32> { return new IntBox(1); }
