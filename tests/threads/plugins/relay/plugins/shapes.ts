// Makes items out of the text plugin's strings and arrays.
import { Item } from "../shared/item";

@external("text", "words") declare function words(text: string): string[];
@external("text", "title") declare function title(word: string): string;
@external("text", "codes") declare function codes(word: string): Array<i32>;

export function make(phrase: string, weight: f64): Item {
  const ws = words(phrase);
  const tags = new Array<string>();
  for (let i = 1; i < ws.length; i++) tags.push(title(ws[i]));
  return new Item(title(ws[0]), tags, weight, codes(ws[0]));
}

export function heavier(item: Item, by: f64): Item {
  return new Item(item.name + "+", item.tags.slice(0), item.weight * by, item.parts.map<i32>((c: i32) => c + 1));
}
