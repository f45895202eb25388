// Implements the interface in the entry file, and extends the abstract base.
import { BasePlugin, Plugin } from "../../api/plugin";

@external("registry", "register") declare function register(p: Plugin): void;

class Cat implements Plugin {
  constructor(private mood: string) {}
  name(): string {
    return "cat";
  }
  run(x: string): string {
    return x + " (" + this.mood + ")";
  }
}

class Tiger extends BasePlugin {
  transform(x: string): string {
    return x.toUpperCase() + "!";
  }
  close(): string {
    return super.close() + super.close();
  }
}

export function setup(): void {
  register(new Cat("bored"));
  register(new Tiger("tiger"));
}
