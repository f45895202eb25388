import { Command, Echo, Widget } from "pluginkit";

class Bar extends Widget {
  render(width: i32): string {
    return "#".repeat(width);
  }
}

class Shout extends Echo {
  execute(args: string[]): string {
    return super.execute(args).toUpperCase();
  }
}

export function widgets(): Widget[] {
  return [new Bar("bar")];
}

export function commands(): Command[] {
  return [new Echo(), new Shout()];
}
