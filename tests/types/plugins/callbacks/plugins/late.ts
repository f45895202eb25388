// Loaded at run time in the relocatable variant: its function references go into show's
// handlers and run when show fires them.
import { Animal, Handler } from "../shared/zoo";
import { print } from "../shared/io";

@external("show", "addHandler") declare function addHandler(h: Handler): void;
@external("show", "fireAll") declare function fireAll(): void;

function echo(a: Animal): string {
  return "late hears " + a.sound() + " from " + `${a}`;
}

export function run(): void {
  addHandler(new Handler("echo", echo));
  addHandler(new Handler("friendly", (a: Animal): string => (a.friend ? a.name + " likes " + a.friend!.name : a.name + " is alone")));
  print("late fires all:");
  fireAll();
}
