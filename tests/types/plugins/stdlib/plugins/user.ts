// Sees the maker's private objects as standard and shared types: instanceof against the
// standard class on a private subclass, and Array<Animal>.join calling the toString overrides.
import { Animal } from "../shared/api";
import { print } from "../shared/io";

@external("maker", "names") declare function names(): Array<string>;
@external("maker", "animals") declare function animals(): Animal[];
@external("maker", "things") declare function things(): Object[];

export function run(): void {
  const n = names();
  n.push("c");
  print("names " + n.join(",") + " length " + n.length.toString() + " includes b " + (n.includes("b") ? "y" : "n"));
  const as = animals();
  as.push(new Animal("own"));
  print("animals: " + as.join("; "));
  print("first: " + `${as[0]}` + ", as string " + as[0].toString());
  const ts = things();
  for (let i = 0; i < ts.length; i++) {
    const o = ts[i];
    print("thing " + i.toString() + ": array " + (o instanceof Array<string> ? "y" : "n") + " animal " + (o instanceof Animal ? (o as Animal).toString() : "n") + " map " + (o instanceof Map<string, Animal> ? "y" : "n"));
  }
}
