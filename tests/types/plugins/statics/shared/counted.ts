// State that belongs to a shared class or file: a static field, a static method changing it,
// a constant, and a file-level variable that numbers the objects made.
export const PREFIX = "#";

let made = 0;

export class Counted {
  static live: i32 = 0;
  static readonly LIMIT: i32 = 100;
  serial: i32;
  constructor(public name: string) {
    this.serial = ++made;
    Counted.live++;
  }
  static reset(to: i32): void {
    Counted.live = to;
  }
  tag(): string {
    return PREFIX + this.serial.toString() + " " + this.name;
  }
}

export function madeSoFar(): i32 {
  return made;
}
