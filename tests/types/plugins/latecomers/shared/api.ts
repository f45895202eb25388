// Types only the late plugin implements: an interface and an abstract class no linked class
// implements or extends, and a subclass of a shared class, all reached through Object too.
export interface Visitor {
  visit(n: i32): string;
}
export abstract class Task {
  abstract run(): string;
  twice(): string {
    return this.run() + this.run();
  }
}
export class Plain {
  hello(): string {
    return "plain";
  }
}
