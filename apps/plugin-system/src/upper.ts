import { Command, provide } from "./api";

class Upper extends Command {
  name(): string {
    return "upper";
  }
  run(input: string): string {
    return input.toUpperCase();
  }
  help(): string {
    return "shouts its input";
  }
}

provide(new Upper());
