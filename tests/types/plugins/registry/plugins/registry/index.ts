// The host-side registry: holds every plugin in an Array and a Map, calls them through the
// interface and the abstract base, and keeps them across the collections between steps.
import { BasePlugin, Described, Plugin } from "../../api/plugin";
import { print } from "../../api/io";
import { joinNames } from "./names";

const list = new Array<Plugin>();
const byName = new Map<string, Plugin>();

export function register(p: Plugin): void {
  list.push(p);
  byName.set(p.name(), p);
  print("registered " + p.name() + " (" + list.length.toString() + ")");
}

export function runAll(): void {
  print("run all: " + joinNames(list));
  for (let i = 0; i < list.length; i++) {
    const p = list[i];
    let line = p.name() + " -> " + p.run("hi");
    if (p instanceof BasePlugin) line += ", calls " + (p as BasePlugin).calls.toString();
    if (p instanceof Described) line += ", by " + changetype<Described>(p).info().toString();
    print(line);
  }
}

export function lookup(): void {
  const names = ["puppy", "cat", "parrot", "nope", "bark"];
  for (let i = 0; i < names.length; i++) {
    const n = names[i];
    if (!byName.has(n)) {
      print(n + ": not registered");
      continue;
    }
    const p = byName.get(n);
    print(n + ": " + p.run(n.toUpperCase()) + (p instanceof BasePlugin ? " (base)" : " (plain)"));
  }
}

export function sortAndDrop(): void {
  list.sort((a: Plugin, b: Plugin): i32 => (a.name() < b.name() ? -1 : a.name() > b.name() ? 1 : 0));
  print("sorted: " + joinNames(list));
  const dropped = list.shift();
  byName.delete(dropped.name());
  print("dropped " + dropped.name() + ", left " + byName.size.toString() + ": " + joinNames(list));
  const keys = byName.keys();
  let total = 0;
  for (let i = 0; i < keys.length; i++) {
    const p = byName.get(keys[i]);
    if (p instanceof BasePlugin) total += (p as BasePlugin).calls;
  }
  print("total base calls " + total.toString());
}
