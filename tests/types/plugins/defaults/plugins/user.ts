import { Box, Greeter, Reducer, Source } from "../shared/api";
import { Gauge, Meter } from "../shared/nums";
import { print } from "../shared/io";

@external("maker", "greeters") declare function greeters(): Greeter[];
@external("maker", "countdown") declare function countdown(n: i32): Source<i32>;
@external("maker", "words") declare function words(): Source<string>;
@external("maker", "sum") declare function sum(): Reducer<i32>;
@external("maker", "boxes") declare function boxes(): Object[];
@external("maker", "meters") declare function meters(): Meter[];
@external("maker", "gauges") declare function gauges(): Gauge[];

class Product extends Reducer<i32> {
  step(acc: i32, x: i32): i32 {
    return acc * x;
  }
}

class Concat extends Reducer<string> {
  step(acc: string, x: string): string {
    return acc + "+" + x;
  }
}

export function defaults(): void {
  const gs = greeters();
  for (let i = 0; i < gs.length; i++) {
    const g = gs[i];
    print("greet() " + g.greet());
    print("greet(bob) " + g.greet("bob"));
    print("greet(bob, 3) " + g.greet("bob", 3));
  }
}

export function generics(): void {
  print("sum of countdown 4: " + sum().run(countdown(4), 0).toString());
  print("product of countdown 5: " + new Product().run(countdown(5), 1).toString());
  print("concat of words: " + new Concat().run(words(), "") );
  const src = countdown(2);
  print("left " + src.left().toString() + ", next " + src.next().toString() + ", left " + src.left().toString());
}

export function kinds(): void {
  const xs = boxes();
  for (let i = 0; i < xs.length; i++) {
    const o = xs[i];
    let line = "object " + i.toString() + ":";
    if (o instanceof Box<i32>) line += " Box<i32> " + (o as Box<i32>).show() + " value " + (o as Box<i32>).value.toString();
    if (o instanceof Box<string>) line += " Box<string> " + (o as Box<string>).show();
    if (o instanceof Greeter) line += " Greeter " + (o as Greeter).greet("you");
    print(line);
  }
}

// Every wasm value type through overridden methods and accessors, and shared subclasses only
// the maker makes (Gauge, Dial), one of them also made here.
export function numbers(): void {
  const ms = meters();
  for (let i = 0; i < ms.length; i++) {
    const m = ms[i];
    m.level = 7;
    print(i.toString() + ": " + m.scale(1.5, 4000000000, 255, true).toString() + " " + m.wide(3000000000).toString() + " " + (m.check(-3) ? "y" : "n") + " level " + m.level.toString());
  }
  const own = new Gauge();
  const gs = gauges();
  gs.push(own);
  for (let i = 0; i < gs.length; i++) print("gauge " + gs[i].extra() + " " + gs[i].wide(1).toString());
}
