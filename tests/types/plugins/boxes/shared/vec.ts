// Operator overloads (one overridden in a private subclass), an abstract getter, and a fluent
// method returning `this`, overridden.
export class Vec {
  constructor(public x: i32, public y: i32) {}
  @operator("+") plus(o: Vec): Vec {
    return new Vec(this.x + o.x, this.y + o.y);
  }
  @operator("==") same(o: Vec): bool {
    return this.x == o.x && this.y == o.y;
  }
  @operator("[]") at(i: i32): i32 {
    return i == 0 ? this.x : this.y;
  }
  toString(): string {
    return "(" + this.x.toString() + "," + this.y.toString() + ")";
  }
}

export abstract class Shape {
  abstract get area(): f64;
  get name(): string {
    return "shape";
  }
}

export class Builder {
  parts: string[] = [];
  add(p: string): this {
    this.parts.push(p);
    return this;
  }
  build(): string {
    return this.parts.join("-");
  }
}
