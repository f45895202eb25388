// The consumer: takes the standard types lists makes, gives it its own, and uses both with
// its own copy of their methods.
import { kindHere } from "../shared/kinds";
import { print } from "../shared/io";

@external("lists", "names") declare function names(): Array<string>;
@external("lists", "scores") declare function scores(): Map<string, i32>;
@external("lists", "tags") declare function tags(): Set<string>;
@external("lists", "weights") declare function weights(): Float64Array;
@external("lists", "grid") declare function grid(): StaticArray<i32>;
@external("lists", "bump") declare function bump(m: Map<string, i32>, key: string): i32;
@external("lists", "longest") declare function longest(xs: Array<string>): string;
@external("lists", "union") declare function union(a: Set<string>, b: Set<string>): Set<string>;
@external("lists", "kindOf") declare function kindOf(o: Object): string;

let keptScores = new Map<string, i32>();
let keptNames: Array<string> = [];

export function received(): void {
  keptNames = names();
  keptNames.push("margaret");
  print("names: " + keptNames.join(", ") + " (" + keptNames.length.toString() + ")");
  print("index of grace: " + keptNames.indexOf("grace").toString() + ", includes alan: " + (keptNames.includes("alan") ? "yes" : "no"));
  keptScores = scores();
  keptScores.set("barbara", 71);
  const keys = keptScores.keys();
  const values = keptScores.values();
  for (let i = 0; i < keys.length; i++) print("  score " + keys[i] + " = " + values[i].toString());
  const t = tags();
  print("tags: " + t.values().join("/") + ", has red: " + (t.has("red") ? "yes" : "no"));
  const w = weights();
  print("weights: " + w.join(" ") + ", sum " + w.reduce<f64>((a: f64, x: f64) => a + x, 0).toString());
  const g = grid();
  print("grid: " + g.join(",") + " length " + g.length.toString());
}

export function given(): void {
  const mine = new Map<string, i32>();
  mine.set("x", 1);
  print("bump x -> " + bump(mine, "x").toString() + ", bump y -> " + bump(mine, "y").toString());
  print("app sees " + mine.size.toString() + ": x=" + mine.get("x").toString() + " y=" + mine.get("y").toString());
  const words: Array<string> = ["a", "abc", "ab"];
  print("longest: " + longest(words) + "; now " + words.join("|"));
  const a = new Set<string>();
  a.add("red");
  a.add("blue");
  const u = union(a, tags());
  print("union: " + u.values().join("/") + " (" + u.size.toString() + ")");
}

export function kinds(): void {
  const mine: Array<string> = ["m"];
  const ints: Array<i32> = [1, 2];
  const objects: Object[] = [mine, ints, keptScores, names(), scores(), tags(), weights(), new Set<string>()];
  for (let i = 0; i < objects.length; i++) print("kind " + i.toString() + ": here " + kindHere(objects[i]) + " / in lists " + kindOf(objects[i]));
  print("kept: " + keptNames.join(",") + " / " + keptScores.size.toString());
}
