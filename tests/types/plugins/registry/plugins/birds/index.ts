// Loaded at run time in the relocatable variant: a subclass overriding the template method
// itself and calling the base's through super.
import { BasePlugin, Described, Info, Plugin } from "../../api/plugin";
import { print } from "../../api/io";

@external("registry", "register") declare function register(p: Plugin): void;
@external("registry", "runAll") declare function runAll(): void;

class Parrot extends BasePlugin implements Described {
  transform(x: string): string {
    return x + " " + x;
  }
  run(x: string): string {
    return "parrot says " + super.run(x);
  }
  info(): Info {
    return new Info("polly", this.calls);
  }
}

export function setup(): void {
  register(new Parrot("parrot"));
  print("birds runs the registry:");
  runAll();
}
