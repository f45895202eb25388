// Loaded at run time in the relocatable variant: the only implementations.
import { Plain, Task, Visitor } from "../shared/api";

@external("hub", "addThing") declare function addThing(o: Object): void;
@external("hub", "addVisitor") declare function addVisitor(v: Visitor): void;
@external("hub", "addTask") declare function addTask(t: Task): void;
@external("hub", "report") declare function report(): void;

class Counter implements Visitor {
  visit(n: i32): string {
    return "counted " + n.toString();
  }
}
class Job extends Task {
  run(): string {
    return "job;";
  }
}
class Both extends Task implements Visitor {
  run(): string {
    return "both;";
  }
  visit(n: i32): string {
    return "both visits " + n.toString();
  }
}
class Fancy extends Plain {
  hello(): string {
    return "fancy";
  }
}

export function run(): void {
  const b = new Both();
  addThing(new Counter());
  addThing(new Job());
  addThing(b);
  addThing(new Fancy());
  addVisitor(new Counter());
  addVisitor(b);
  addTask(new Job());
  addTask(b);
  report();
}
