import { Counted, madeSoFar } from "../shared/counted";
import { print } from "../shared/io";

@external("a", "make") declare function make(name: string): Counted;
@external("a", "report") declare function report(): void;

export function run(): void {
  const xs = [make("one"), new Counted("two"), make("three")];
  for (let i = 0; i < xs.length; i++) print(xs[i].tag());
  print("b sees live " + Counted.live.toString() + ", made " + madeSoFar().toString());
  report();
  Counted.reset(0);
  print("after reset in b: live " + Counted.live.toString());
  report();
}
