import { Box, Greeter, Reducer, Source } from "../shared/api";
import { Dial, Gauge, Meter } from "../shared/nums";

class Shouter extends Greeter {
  greet(who: string = "everyone", times: i32 = 2): string {
    return ("HEY " + who.toUpperCase() + " ").repeat(times).trimEnd();
  }
}

class Countdown implements Source<i32> {
  constructor(private n: i32) {}
  next(): i32 {
    return this.n--;
  }
  left(): i32 {
    return this.n;
  }
}

class Words implements Source<string> {
  i: i32 = 0;
  constructor(private words: string[]) {}
  next(): string {
    return this.words[this.i++];
  }
  left(): i32 {
    return this.words.length - this.i;
  }
}

class Sum extends Reducer<i32> {
  step(acc: i32, x: i32): i32 {
    return acc + x;
  }
}

class IntBox extends Box<i32> {
  show(): string {
    return "int box " + this.value.toString();
  }
}

export function greeters(): Greeter[] {
  return [new Greeter(), new Shouter()];
}
export function countdown(n: i32): Source<i32> {
  return new Countdown(n);
}
export function words(): Source<string> {
  return new Words(["a", "bb", "ccc"]);
}
export function sum(): Reducer<i32> {
  return new Sum();
}
export function boxes(): Object[] {
  return [new IntBox(3), new Box<i32>(4), new Box<string>("s"), new Greeter()];
}

class Odd extends Meter {
  scale(by: f32, big: i64, small: u8, flag: bool): f64 {
    return -super.scale(by, big, small, !flag);
  }
  check(v: i16): bool {
    return v < 0;
  }
  set level(v: i64) {
    this.raw = v * 1000000000000;
  }
}

export function meters(): Meter[] {
  return [new Meter(), new Odd(), new Gauge(), new Dial()];
}
export function gauges(): Gauge[] {
  return [new Dial()];
}
