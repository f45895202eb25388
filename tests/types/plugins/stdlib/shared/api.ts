// A shared class whose toString a private subclass overrides.
export class Animal {
  constructor(public name: string) {}
  toString(): string {
    return "animal " + this.name;
  }
}
