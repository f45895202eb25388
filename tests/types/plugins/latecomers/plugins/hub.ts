// Linked, and knows no class implementing Visitor or extending Task: it holds them as Object
// and by their shared types, tests instanceof and calls them.
import { Plain, Task, Visitor } from "../shared/api";
import { print } from "../shared/io";

const things = new Array<Object>();
const visitors = new Array<Visitor>();
const tasks = new Array<Task>();

export function addThing(o: Object): void {
  things.push(o);
}
export function addVisitor(v: Visitor): void {
  visitors.push(v);
}
export function addTask(t: Task): void {
  tasks.push(t);
}

export function start(): void {
  things.push(new Plain());
  print("hub starts with " + things.length.toString());
}

export function report(): void {
  for (let i = 0; i < things.length; i++) {
    const o = things[i];
    print("thing " + i.toString() + ": visitor? " + (o instanceof Visitor ? changetype<Visitor>(o).visit(i) : "no") + ", task? " + (o instanceof Task ? (o as Task).twice() : "no") + ", plain? " + (o instanceof Plain ? (o as Plain).hello() : "no"));
  }
  for (let i = 0; i < visitors.length; i++) print("visitor " + i.toString() + ": " + visitors[i].visit(10 + i));
  for (let i = 0; i < tasks.length; i++) print("task " + i.toString() + ": " + tasks[i].twice());
}
