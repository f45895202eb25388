import { Bark, Puppy } from "./puppy";

@external("registry", "register") declare function register(p: Plugin): void;
import { Plugin } from "../../api/plugin";

export function setup(): void {
  register(new Puppy("puppy"));
  register(new Bark());
}
