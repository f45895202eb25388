// A private helper file in the shop's directory: a class holding other plugins' items too.
import { Discounted, Item, Priced } from "../../api/things";

export class Bundle extends Item implements Discounted {
  parts: Priced[] = [];
  add(p: Priced): void {
    this.parts.push(p);
  }
  category(): string {
    return "bundle of " + this.parts.length.toString();
  }
  price(): i32 {
    let sum = 0;
    for (let i = 0; i < this.parts.length; i++) sum += this.parts[i].price();
    return sum;
  }
  get weight(): i32 {
    let w = 0;
    for (let i = 0; i < this.parts.length; i++) {
      const p = this.parts[i];
      w += p instanceof Item ? (p as Item).weight : 0;
    }
    return w;
  }
  discount(percent: i32): i32 {
    return this.price() - (this.price() * percent) / 100;
  }
}
