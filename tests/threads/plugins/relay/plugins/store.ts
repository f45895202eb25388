// Keeps items across calls. The state lives in static arrays (array literals in initializers),
// written once into the shared memory and reached by every worker; a global assigned at run time
// would be per worker (a plugin global is thread-local), and the steps run on alternating workers.
import { Item } from "../shared/item";
import { print } from "../shared/io";

const items: Item[] = [];
const journal: string[] = ["opened"];

export function put(item: Item): i32 {
  items.push(item);
  journal.push("put " + item.name);
  return items.length;
}

export function count(): i32 {
  return items.length;
}

export function at(i: i32): Item {
  return items[i];
}

export function heaviestFirst(): Item[] {
  const copy = items.slice(0);
  copy.sort((a: Item, b: Item) => (a.weight < b.weight ? 1 : a.weight > b.weight ? -1 : 0));
  return copy;
}

export function replace(i: i32, item: Item): void {
  journal.push("replace " + items[i].name + " by " + item.name);
  items[i] = item;
}

export function drop(name: string): bool {
  for (let k = 0; k < items.length; k++) {
    if (items[k].name == name) {
      items.splice(k, 1);
      journal.push("drop " + name);
      return true;
    }
  }
  journal.push("miss " + name);
  return false;
}

export function history(): string[] {
  return journal.slice(0);
}

export function audit(): void {
  let parts = 0;
  for (let k = 0; k < items.length; k++) parts += items[k].parts.length;
  print("audit: " + items.length.toString() + " items, " + parts.toString() + " parts, " + journal.length.toString() + " entries");
}
