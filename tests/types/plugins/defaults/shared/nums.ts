// Wasm value types (i64, f32, u8, i16, bool) through overridden methods and an accessor pair,
// and shared subclasses of it that only one plugin instantiates.
export class Meter {
  raw: i64 = 0;
  scale(by: f32, big: i64, small: u8, flag: bool): f64 {
    return <f64>by * <f64>big + <f64>small + (flag ? 0.5 : 0);
  }
  wide(x: i64): i64 {
    return x * 2;
  }
  check(v: i16): bool {
    return v > 0;
  }
  get level(): i64 {
    return this.raw;
  }
  set level(v: i64) {
    this.raw = v;
  }
}

// Shared subclasses only the maker instantiates.
export class Gauge extends Meter {
  wide(x: i64): i64 {
    return x * 3;
  }
  extra(): string {
    return "gauge";
  }
}

export class Dial extends Gauge {
  extra(): string {
    return "dial";
  }
}
