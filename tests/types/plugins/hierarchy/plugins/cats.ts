// Private subclasses in a second plugin (the one the harness also loads at run time), handed
// to the zoo through its exports.
import { Animal, Greeter, Shape } from "../shared/animals";

@external("zoo", "adopt") declare function adopt(key: string, animal: Animal): void;
@external("zoo", "adoptShape") declare function adoptShape(shape: Shape): void;
@external("zoo", "adoptGreeter") declare function adoptGreeter(greeter: Greeter): void;

class Cat extends Animal implements Greeter {
  speak(): string {
    return "meow";
  }
  toString(): string {
    return "Cat[" + this.name + "]";
  }
  greet(who: string): string {
    return this.name + " ignores " + who;
  }
}

// Inherits everything from a private class.
class Lion extends Cat {}

// Inherits everything from the shared base.
class Fish extends Animal {}

class Bird extends Animal {
  get legs(): i32 {
    return 2;
  }
  set legs(n: i32) {
    this.feet = n * 100;
  }
  speak(): string {
    return "tweet (" + this.feet.toString() + ")";
  }
}

class Circle extends Shape {
  constructor(public radius: f64) {
    super();
  }
  area(): f64 {
    return 3.0 * this.radius * this.radius;
  }
  kind(): string {
    return "circle";
  }
}

class Robot implements Greeter {
  greet(who: string): string {
    return "beep " + who;
  }
}

export function register(): void {
  adopt("tom", new Cat("tom"));
  adopt("leo", new Lion("leo"));
  adopt("nemo", new Fish("nemo"));
  adopt("tweety", new Bird("tweety"));
  adoptShape(new Circle(2));
  adoptGreeter(new Robot());
  adoptGreeter(new Cat("kitty"));
}
