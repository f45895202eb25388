// The consumer: sees the shop's items through the interfaces and the abstract base only.
import { Discounted, Item, Named, Priced, Receipt } from "../../api/things";
import { print } from "../../api/io";

@external("shop", "stock") declare function stock(): Named[];

let shelf: Named[] = [];
const receipt = new Receipt();

export function browse(): void {
  shelf = stock();
  for (let i = 0; i < shelf.length; i++) {
    const n = shelf[i];
    let line = n.name() + ":";
    if (n instanceof Priced) line += " priced " + changetype<Priced>(n).price().toString();
    if (n instanceof Item) line += " / " + (n as Item).summary();
    if (n instanceof Discounted) line += " / 10% off " + changetype<Discounted>(n).discount(10).toString();
    print(line);
  }
}

export function buy(p: Priced): void {
  receipt.add(p);
}

export function checkout(): void {
  for (let i = 0; i < shelf.length; i++) {
    const n = shelf[i];
    if (n instanceof Priced) buy(changetype<Priced>(n));
  }
  print("receipt: " + receipt.toString());
}
