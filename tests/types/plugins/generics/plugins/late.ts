// Loaded at run time in the relocatable variant: the same traffic from a plugin placed late.
import { kindHere } from "../shared/kinds";
import { print } from "../shared/io";

@external("lists", "names") declare function names(): Array<string>;
@external("lists", "scores") declare function scores(): Map<string, i32>;
@external("lists", "bump") declare function bump(m: Map<string, i32>, key: string): i32;
@external("lists", "kindOf") declare function kindOf(o: Object): string;

export function run(): void {
  const n = names();
  n.sort();
  print("late sorted: " + n.join(" ") + ", is Array<string> here: " + (kindHere(n)) + ", in lists: " + kindOf(n));
  const s = scores();
  bump(s, "late");
  const keys = s.keys();
  for (let i = 0; i < keys.length; i++) print("  late " + keys[i] + "=" + s.get(keys[i]).toString());
  const own: Array<string> = ["only", "late"];
  print("late own: " + kindOf(own) + " / " + kindOf(s));
}
