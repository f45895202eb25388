// A plugin API published as a package: every plugin reaches it as `pluginkit`.
export { Command, Echo } from "./command";

export abstract class Widget {
  constructor(public id: string) {}
  abstract render(width: i32): string;
  frame(width: i32): string {
    return "|" + this.render(width) + "|";
  }
}
