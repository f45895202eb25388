// Optional parameters on overridable methods, generic interfaces and abstract classes, accessor
// members of interfaces, and instanceof against generic shared classes.
export class Greeter {
  greet(who: string = "world", times: i32 = 1): string {
    return ("hello " + who + " ").repeat(times).trimEnd();
  }
}

export interface Source<T> {
  next(): T;
  left(): i32;
}

export abstract class Reducer<T> {
  abstract step(acc: T, x: T): T;
  run(src: Source<T>, start: T): T {
    let acc = start;
    while (src.left() > 0) acc = this.step(acc, src.next());
    return acc;
  }
}

export class Box<T> {
  constructor(public value: T) {}
  show(): string {
    return "box";
  }
}
