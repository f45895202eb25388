// Relocatable: the host loads it into the running system, and it registers itself as it loads.
import { Command, provide } from "./api";

class Count extends Command {
  name(): string {
    return "count";
  }
  run(input: string): string {
    const words = input.split(" ").filter((w: string) => w.length > 0);
    return words.length.toString() + " words, " + input.length.toString() + " characters";
  }
}

provide(new Count());
