// Makes boxes, pairs, widgets and leaves: shared generic instances and private subclasses.
import { Base, Box, Middle, Pair, Widget } from "../shared/box";
import { Builder, Shape, Vec } from "../shared/vec";

class IntBox extends Box<i32> {
  show(): string {
    return "int " + this.value.toString();
  }
  put(v: i32): void {
    super.put(v * 10);
  }
}

class NamedBox extends Box<string> {
  show(): string {
    return "'" + this.value + "'";
  }
  describe(): string {
    return "Named" + super.describe();
  }
}

class FancyWidget extends Widget {
  makeLabel(): string {
    return "fancy " + this.size.toString();
  }
  render(): string {
    return "*" + super.render() + "*";
  }
}

class Leaf extends Middle {
  greet(): string {
    return "leaf>" + super.greet();
  }
  depth(): i32 {
    return super.depth() + 1;
  }
}

export function plainBox(v: i32): Box<i32> {
  return new Box<i32>(v);
}
export function intBox(v: i32): Box<i32> {
  return new IntBox(v);
}
export function namedBox(s: string): Box<string> {
  return new NamedBox(s);
}
export function floatBox(f: f64): Box<f64> {
  return new Box<f64>(f);
}
export function pair(): Pair<string, i32> {
  return new Pair<string, i32>("seven", 7);
}
export function widget(n: i32): Widget {
  return new Widget(n);
}
export function fancy(n: i32): Widget {
  return new FancyWidget(n);
}
export function leaf(): Base {
  return new Leaf();
}
export function middle(): Base {
  return new Middle();
}
export function leafMiddle(): Middle {
  return new Leaf();
}

class Vec3 extends Vec {
  @operator("[]") at(i: i32): i32 {
    return i == 0 ? this.x : i == 1 ? this.y : 99;
  }
  toString(): string {
    return "v3" + super.toString();
  }
}

class Sq extends Shape {
  get area(): f64 {
    return 4;
  }
  get name(): string {
    return "square";
  }
}

class Loud extends Builder {
  add(p: string): this {
    this.parts.push(p.toUpperCase());
    return this;
  }
}

export function vec(): Vec {
  return new Vec3(1, 2);
}
export function shape(): Shape {
  return new Sq();
}
export function builder(): Builder {
  return new Loud();
}

// A private subclass of a generic instance whose toString does not compile (a Box in a
// template literal): plain asc accepts it as long as nothing calls that toString.
class LabeledPair extends Pair<Box<i32>, string> {
  swap(): Pair<string, Box<i32>> {
    const p = super.swap();
    p.first = "labeled " + p.first;
    return p;
  }
}

export function labeledPair(): Pair<Box<i32>, string> {
  return new LabeledPair(new Box<i32>(8), "eight");
}
