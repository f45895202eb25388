// Shared classes holding function references and nullable links, compiled into every plugin.
export class Animal {
  friend: Animal | null = null;
  constructor(
    public name: string,
    public weight: i32,
  ) {}
  sound(): string {
    return "...";
  }
  size(): i32 {
    return this.weight;
  }
  toString(): string {
    return this.name + "(" + this.size().toString() + ")";
  }
}

export class Dog extends Animal {
  sound(): string {
    return "woof";
  }
}

// A named callback: made in one plugin, fired in another.
export class Handler {
  constructor(
    public label: string,
    public fn: (a: Animal) => string,
  ) {}
  fire(a: Animal): string {
    return this.label + ": " + this.fn(a);
  }
}

export class Button {
  onClick: ((n: i32) => i32) | null = null;
  clicks: i32 = 0;
  click(n: i32): i32 {
    this.clicks++;
    const f = this.onClick;
    return f ? f(n) : -1;
  }
}

export function bySize(a: Animal, b: Animal): i32 {
  return a.size() - b.size();
}
