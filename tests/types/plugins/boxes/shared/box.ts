// Shared generic user classes, a three-level shared chain, and a constructor calling a
// virtual method: compiled into every plugin that imports them.
export class Box<T> {
  constructor(public value: T) {}
  get(): T {
    return this.value;
  }
  put(v: T): void {
    this.value = v;
  }
  show(): string {
    return "?";
  }
  describe(): string {
    return "Box(" + this.show() + ")";
  }
}

export class Pair<A, B> {
  constructor(
    public first: A,
    public second: B,
  ) {}
  swap(): Pair<B, A> {
    return new Pair<B, A>(this.second, this.first);
  }
  toString(): string {
    return `(${this.first}, ${this.second})`;
  }
}

// The constructor calls a virtual method: a subclass's override names the object.
export class Widget {
  label: string = "";
  constructor(public size: i32) {
    this.label = this.makeLabel();
  }
  makeLabel(): string {
    return "widget " + this.size.toString();
  }
  render(): string {
    return "[" + this.label + "]";
  }
}

// Three levels: Base and Middle shared, the leaves private to the plugins.
export class Base {
  greet(): string {
    return "base";
  }
  chain(): string {
    return this.greet();
  }
}

export class Middle extends Base {
  greet(): string {
    return "middle>" + super.greet();
  }
  depth(): i32 {
    return 2;
  }
}

// Static methods of a shared class (pure: no state behind them).
export class MathUtil {
  static twice(x: i32): i32 {
    return x * 2;
  }
  static label(b: Box<i32>): string {
    return "#" + b.get().toString() + " " + b.describe();
  }
}
