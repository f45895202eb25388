import { Counted, madeSoFar } from "../shared/counted";
import { print } from "../shared/io";

export function make(name: string): Counted {
  return new Counted(name);
}

export function report(): void {
  print("a sees live " + Counted.live.toString() + ", made " + madeSoFar().toString() + ", limit " + Counted.LIMIT.toString());
}
