// Loaded at run time in the relocatable variant: its own subclass of a shared generic and of
// the three-level chain, handed to user's types.
import { Box, Middle, Widget } from "../shared/box";
import { print } from "../shared/io";

@external("maker", "intBox") declare function intBox(v: i32): Box<i32>;
@external("maker", "leafMiddle") declare function leafMiddle(): Middle;

class Doubler extends Box<i32> {
  get(): i32 {
    return super.get() * 2;
  }
  show(): string {
    return "doubled " + this.get().toString();
  }
}

class Twig extends Middle {
  greet(): string {
    return "twig>" + super.greet();
  }
}

class TinyWidget extends Widget {
  makeLabel(): string {
    return "tiny";
  }
}

export function run(): void {
  const bs: Box<i32>[] = [new Doubler(4), intBox(6)];
  for (let i = 0; i < bs.length; i++) {
    bs[i].put(bs[i].get());
    print("late box " + i.toString() + ": " + bs[i].get().toString() + " " + bs[i].describe());
  }
  const ms: Middle[] = [new Twig(), leafMiddle()];
  for (let i = 0; i < ms.length; i++) print("late level: " + ms[i].chain() + " depth " + ms[i].depth().toString());
  print("late widget: " + new TinyWidget(9).render());
}
