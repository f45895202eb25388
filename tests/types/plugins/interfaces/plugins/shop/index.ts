// The shop's items: private classes implementing the API's interfaces in several ways.
import { Discounted, Item, Named, Priced } from "../../api/things";
import { Bundle } from "./bundle";

class Book extends Item implements Discounted {
  category(): string {
    return "book";
  }
  discount(percent: i32): i32 {
    return this.cents - (this.cents * percent) / 100;
  }
}

class Anvil extends Item {
  category(): string {
    return "tool";
  }
  get weight(): i32 {
    return 50;
  }
}

// Implements the derived interface without the abstract base.
class Gift implements Priced {
  name(): string {
    return "gift";
  }
  price(): i32 {
    return 0;
  }
}

// Implements only the base interface.
class Label implements Named {
  name(): string {
    return "label";
  }
}

export function stock(): Named[] {
  const bundle = new Bundle("pair", 0);
  bundle.add(new Book("dune", 900));
  bundle.add(new Anvil("acme", 5000));
  return [new Book("emma", 700), new Anvil("heavy", 2000), new Gift(), new Label(), bundle];
}
