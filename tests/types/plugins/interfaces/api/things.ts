// Interfaces extending interfaces, an abstract class implementing one, accessors, and a class
// from a shared file that only one plugin uses.
export interface Named {
  name(): string;
}

export interface Priced extends Named {
  price(): i32;
}

export interface Discounted {
  discount(percent: i32): i32;
}

export abstract class Item implements Priced {
  protected cents: i32;
  constructor(
    public label: string,
    cents: i32,
  ) {
    this.cents = cents;
  }
  name(): string {
    return this.label;
  }
  price(): i32 {
    return this.cents;
  }
  get weight(): i32 {
    return 1;
  }
  abstract category(): string;
  summary(): string {
    return this.category() + " " + this.name() + " at " + this.price().toString() + ", weighs " + this.weight.toString();
  }
}

// Used by the garden plugin only.
export class Receipt {
  lines: string[] = [];
  total: i32 = 0;
  add(p: Priced): void {
    this.lines.push(p.name() + "=" + p.price().toString());
    this.total += p.price();
  }
  toString(): string {
    return this.lines.join(" ") + " total " + this.total.toString();
  }
}
