import { Command, Echo, Widget } from "pluginkit";
import { print } from "../shared/io";

@external("ui", "widgets") declare function widgets(): Widget[];
@external("ui", "commands") declare function commands(): Command[];

class Label extends Widget {
  render(width: i32): string {
    return this.id.padEnd(width, ".");
  }
}

export function run(): void {
  const ws = widgets();
  ws.push(new Label("name"));
  for (let i = 0; i < ws.length; i++) print(ws[i].id + ": " + ws[i].frame(6));
  const cs = commands();
  for (let i = 0; i < cs.length; i++) {
    const c = cs[i];
    print("command " + i.toString() + ": " + c.execute(["hi", "there"]) + (c instanceof Echo ? " (an Echo)" : ""));
  }
}
