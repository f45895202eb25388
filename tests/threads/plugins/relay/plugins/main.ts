// The driver: strings, arrays and items cross between the other three plugins at every step.
import { print } from "../shared/io";
import { Item } from "../shared/item";

@external("shapes", "make") declare function make(phrase: string, weight: f64): Item;
@external("shapes", "heavier") declare function heavier(item: Item, by: f64): Item;
@external("store", "put") declare function put(item: Item): i32;
@external("store", "count") declare function count(): i32;
@external("store", "at") declare function at(i: i32): Item;
@external("store", "heaviestFirst") declare function heaviestFirst(): Item[];
@external("store", "replace") declare function replace(i: i32, item: Item): void;
@external("store", "drop") declare function drop(name: string): bool;
@external("store", "history") declare function history(): string[];
@external("text", "joinAll") declare function joinAll(parts: string[], separator: string): string;

const PHRASES: string[] = ["red fox runs", "blue whale sings loudly", "green frog", "grey wolf howls at night", "white owl"];

export function fill(): void {
  for (let i = 0; i < PHRASES.length; i++) print("put " + put(make(PHRASES[i], <f64>((i * 7) % 5) + 0.25)).toString());
}

export function report(): void {
  print("count " + count().toString());
  const sorted = heaviestFirst();
  for (let i = 0; i < sorted.length; i++) print(sorted[i].label() + " parts " + sorted[i].parts.join(","));
}

export function churn(): void {
  // Garbage made across plugins, so that the collections between steps have work to do.
  let total = 0;
  for (let r = 0; r < 300; r++) {
    const item = make("tmp word " + r.toString() + " x", <f64>r);
    total += item.parts.length + item.tags.length + item.label().length;
  }
  print("churn " + total.toString());
}

export function grow(): void {
  for (let i = 0; i < count(); i += 2) replace(i, heavier(at(i), 1.5));
  print(drop("Grey") ? "dropped Grey" : "no Grey");
  print(drop("Purple") ? "dropped Purple" : "no Purple");
}

export function journal(): void {
  print(joinAll(history(), "; "));
}
