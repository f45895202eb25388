import { Command, provide } from "./api";

class Reverse extends Command {
  name(): string {
    return "reverse";
  }
  run(input: string): string {
    let out = "";
    for (let i = input.length - 1; i >= 0; i--) out += input.charAt(i);
    return out;
  }
  help(): string {
    return "reads it backwards";
  }
}

// Inherits run and help from Reverse: two levels below the API class.
class Mirror extends Reverse {
  name(): string {
    return "mirror";
  }
  run(input: string): string {
    return input + "|" + super.run(input);
  }
}

provide(new Reverse());
provide(new Mirror());
