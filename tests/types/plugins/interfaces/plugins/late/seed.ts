import { Item } from "../../api/things";

export class Seed extends Item {
  category(): string {
    return "seed";
  }
  get weight(): i32 {
    return 0;
  }
}
