// Calls the others and is called by none: the plugin the harness also loads at run time.
import { print } from "../shared/io";

@external("words", "words") declare function words(text: string): string[];
@external("numbers", "squares") declare function squares(n: i32): Array<i32>;
@external("numbers", "total") declare function total(xs: Array<i32>): i64;

export function run(): void {
  const ws = words("late plugin says hello");
  const lengths = new Map<string, i32>();
  for (let i = 0; i < ws.length; i++) lengths.set(ws[i], ws[i].length);
  print("late: " + ws.reverse().join(" "));
  const keys = lengths.keys();
  for (let i = 0; i < keys.length; i++) print("  " + keys[i] + "=" + lengths.get(keys[i]).toString());
  print("late total: " + total(squares(10)).toString());
}
