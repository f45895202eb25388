// A private helper file of the dogs plugin (its directory is its own): its classes are private.
import { BasePlugin, Described, Info, Plugin } from "../../api/plugin";

export class Puppy extends BasePlugin implements Described {
  transform(x: string): string {
    return x + " woof";
  }
  open(): string {
    return "[" + super.open();
  }
  info(): Info {
    return new Info("rex", 2);
  }
}

// Implements the interface directly, with no base class.
export class Bark implements Plugin {
  count: i32 = 0;
  name(): string {
    return "bark";
  }
  run(x: string): string {
    this.count++;
    return x.repeat(this.count);
  }
}
