// A class every plugin shares (outside any plugin's entry file): items are made in one plugin,
// kept by another, read and replaced by a third, on whichever worker a call runs.
export class Item {
  constructor(
    public name: string,
    public tags: string[],
    public weight: f64,
    public parts: Array<i32>,
  ) {}

  label(): string {
    return this.name + "#" + this.tags.join("/") + "@" + this.weight.toString();
  }
}
