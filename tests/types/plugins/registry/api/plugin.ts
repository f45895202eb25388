// The plugin API every plugin compiles: an interface, and an abstract base whose template
// method (`run`) is compiled into the registry, which calls it on classes it never saw.
export interface Plugin {
  name(): string;
  run(x: string): string;
}

export abstract class BasePlugin implements Plugin {
  calls: i32 = 0;
  constructor(public id: string) {}
  name(): string {
    return this.id;
  }
  run(x: string): string {
    this.calls++;
    return this.open() + this.transform(x) + this.close();
  }
  open(): string {
    return "<";
  }
  close(): string {
    return ">";
  }
  abstract transform(x: string): string;
}

// What a plugin may report about itself; the registry reads its fields through the base type.
export class Info {
  constructor(
    public author: string,
    public version: i32,
  ) {}
  toString(): string {
    return this.author + " v" + this.version.toString();
  }
}

export interface Described {
  info(): Info;
}
