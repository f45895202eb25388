// The consumer: calls the other plugins and keeps what they returned across steps (and
// collections, which the harness runs between steps).
import { print } from "../shared/io";

@external("words", "words") declare function words(text: string): string[];
@external("words", "shout") declare function shout(word: string): string;
@external("words", "joinWith") declare function joinWith(parts: string[], separator: string): string;
@external("numbers", "squares") declare function squares(n: i32): Array<i32>;
@external("numbers", "total") declare function total(xs: Array<i32>): i64;
@external("numbers", "mean") declare function mean(xs: Float64Array): f64;

let kept: string[] = [];

export function run(): void {
  const ws = words("  the quick  brown fox ");
  print("words: " + ws.length.toString() + " [" + ws.join("|") + "]");
  for (let i = 0; i < ws.length; i++) print(shout(ws[i]));
  kept = ws;
  const sq = squares(6);
  print("squares: " + sq.join(","));
  print("total: " + total(sq).toString());
  const f = new Float64Array(4);
  for (let i = 0; i < 4; i++) f[i] = <f64>i * 1.5;
  print("mean: " + mean(f).toString());
  print(joinWith(["a", "b", "c"], "-"));
}

export function again(): void {
  print("kept: " + kept.join(" ") + " (" + kept.length.toString() + ")");
  kept.push("jumps");
  print(joinWith(kept, "+"));
}
