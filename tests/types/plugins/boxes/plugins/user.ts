// Uses what maker makes through the shared generic and base types only.
import { Base, Box, MathUtil, Middle, Pair, Widget } from "../shared/box";
import { Builder, Shape, Vec } from "../shared/vec";
import { print } from "../shared/io";

@external("maker", "plainBox") declare function plainBox(v: i32): Box<i32>;
@external("maker", "intBox") declare function intBox(v: i32): Box<i32>;
@external("maker", "namedBox") declare function namedBox(s: string): Box<string>;
@external("maker", "floatBox") declare function floatBox(f: f64): Box<f64>;
@external("maker", "pair") declare function pair(): Pair<string, i32>;
@external("maker", "widget") declare function widget(n: i32): Widget;
@external("maker", "fancy") declare function fancy(n: i32): Widget;
@external("maker", "leaf") declare function leaf(): Base;
@external("maker", "middle") declare function middle(): Base;
@external("maker", "vec") declare function vec(): Vec;
@external("maker", "labeledPair") declare function labeledPair(): Pair<Box<i32>, string>;
@external("maker", "shape") declare function shape(): Shape;
@external("maker", "builder") declare function builder(): Builder;

const kept = new Array<Box<i32>>();

export function boxes(): void {
  kept.push(plainBox(1));
  kept.push(intBox(2));
  kept.push(new Box<i32>(3));
  for (let i = 0; i < kept.length; i++) {
    const b = kept[i];
    b.put(b.get() + 1);
    print("box " + i.toString() + ": " + b.get().toString() + " " + b.describe() + " / " + MathUtil.label(b) + " / twice " + MathUtil.twice(b.get()).toString());
  }
  const s = namedBox("hi");
  s.put(s.get() + "!");
  print("named: " + s.describe() + " holds " + s.get());
  const f = floatBox(1.5);
  f.put(f.get() * 2);
  print("float: " + f.get().toString() + " " + f.describe());
}

export function pairs(): void {
  const p = pair();
  const q = p.swap();
  print("pair " + p.toString() + " swapped " + q.toString() + ", " + `${q}` + ", first+1 " + (q.first + 1).toString());
  const mine = new Pair<Box<i32>, string>(intBox(5), "five");
  print("mine: " + mine.first.describe() + " / " + mine.second + " / swapped second " + mine.swap().second.describe());
  const pairs = [mine, labeledPair()];
  for (let i = 0; i < pairs.length; i++) print("pair of box " + i.toString() + ": " + pairs[i].swap().first + " / " + pairs[i].first.describe());
}

export function widgets(): void {
  const ws: Widget[] = [widget(1), fancy(2), new Widget(3)];
  for (let i = 0; i < ws.length; i++) print("widget " + ws[i].label + " renders " + ws[i].render() + " size " + ws[i].size.toString());
}

export function levels(): void {
  const bs: Base[] = [new Base(), middle(), leaf()];
  for (let i = 0; i < bs.length; i++) {
    const b = bs[i];
    let line = "level " + i.toString() + ": " + b.greet() + " / chain " + b.chain();
    if (b instanceof Middle) line += " / depth " + (b as Middle).depth().toString();
    print(line);
  }
}

export function again(): void {
  for (let i = 0; i < kept.length; i++) print("kept " + i.toString() + ": " + kept[i].describe());
}

export function operators(): void {
  const v = vec();
  const w = v + new Vec(10, 20);
  print("v " + v.toString() + " w " + w.toString() + " v[1] " + v[1].toString() + " v[2] " + v[2].toString() + " eq " + (v == new Vec(1, 2) ? "y" : "n"));
  const s = shape();
  print(s.name + " area " + s.area.toString());
  print(builder().add("a").add("b").build() + " / " + new Builder().add("c").add("d").build());
}
