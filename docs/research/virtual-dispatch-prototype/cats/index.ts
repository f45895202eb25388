import { Animal, Greeter } from "../shared/animals";
class Cat extends Animal implements Greeter {
  speak(): string { return "meow"; }
  greet(who: string): string { return "purr " + who; }
}
class Lion extends Cat { }                      // inherits everything from a private class
class Fish extends Animal { }                   // inherits everything from the shared base
export function makeCat(): Animal { return new Cat("c"); }
export function makeLion(): Animal { return new Lion("l"); }
export function makeFish(): Animal { return new Fish("f"); }
