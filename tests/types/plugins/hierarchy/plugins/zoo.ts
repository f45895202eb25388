// The consumer: knows only the shared file. It owns the map of animals, calls every kind of
// method through the base types, tests instanceof and casts, and keeps everything across the
// collections the harness runs between steps.
import { Animal, Dog, Greeter, Shape } from "../shared/animals";
import { print } from "../shared/io";

@external("dogs", "makePuppy") declare function makePuppy(name: string): Animal;
@external("dogs", "makeHusky") declare function makeHusky(name: string): Animal;
@external("dogs", "makeDog") declare function makeDog(name: string): Dog;
@external("dogs", "makeSquare") declare function makeSquare(side: f64): Shape;

const animals = new Map<string, Animal>();
const shapes: Shape[] = [];
const greeters: Greeter[] = [];

export function adopt(key: string, animal: Animal): void {
  animals.set(key, animal);
}

export function adoptShape(shape: Shape): void {
  shapes.push(shape);
}

export function adoptGreeter(greeter: Greeter): void {
  greeters.push(greeter);
}

export function start(): void {
  adopt("generic", new Animal("generic"));
  adopt("rex", new Dog("rex"));
  adopt("fido", makeDog("fido"));
  adopt("bit", makePuppy("bit"));
  adopt("balto", makeHusky("balto"));
  adoptShape(makeSquare(3));
  print("adopted " + animals.size.toString());
}

function report(key: string, a: Animal): void {
  let line = key + ": " + a.speak() + ", legs " + a.legs.toString();
  a.legs = 3;
  line += " -> " + a.legs.toString() + ", " + a.toString() + ", " + `${a}`;
  print(line);
  print("  dog? " + (a instanceof Dog ? "yes" : "no") + ", greeter? " + (a instanceof Greeter ? "yes" : "no"));
  if (a instanceof Greeter) print("  " + changetype<Greeter>(a).greet("the keeper"));
}

export function tour(): void {
  print("tour of " + animals.size.toString());
  const keys = animals.keys();
  for (let i = 0; i < keys.length; i++) report(keys[i], animals.get(keys[i]));
}

export function casts(): void {
  const keys = animals.keys();
  for (let i = 0; i < keys.length; i++) {
    const a = animals.get(keys[i]);
    if (a instanceof Dog) {
      const dog = a as Dog;
      print("as Dog: " + dog.name + " says " + dog.speak() + " and greets: " + dog.greet("you"));
    }
  }
}

export function geometry(): void {
  for (let i = 0; i < shapes.length; i++) {
    const s = shapes[i];
    print(s.kind() + ": " + s.area().toString() + " / " + s.describe());
  }
  for (let i = 0; i < greeters.length; i++) print("greeter " + i.toString() + ": " + greeters[i].greet("zoo"));
}
