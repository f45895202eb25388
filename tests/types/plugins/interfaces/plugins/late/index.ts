// Loaded at run time in the relocatable variant, from a directory of its own with a helper.
import { Named, Priced } from "../../api/things";
import { print } from "../../api/io";
import { Seed } from "./seed";

@external("garden", "buy") declare function buy(p: Priced): void;
@external("garden", "checkout") declare function checkout(): void;

export function run(): void {
  const seeds: Named[] = [new Seed("basil", 3), new Seed("mint", 2)];
  for (let i = 0; i < seeds.length; i++) {
    const s = seeds[i];
    print("late has " + s.name() + (s instanceof Priced ? " for " + changetype<Priced>(s).price().toString() : ""));
    buy(changetype<Priced>(s));
  }
  checkout();
}
