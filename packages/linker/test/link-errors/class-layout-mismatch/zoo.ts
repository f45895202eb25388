// Imports animals directly, that is, animals 2.0. The import's signature names 'Animal' on both
// sides and agrees; without the layout check, zoo would read 'legs' from the wrong offset.
import { Animal } from "animals";
@external("dogs", "adopt") declare function adopt(): Animal;
export function legs(): f64 {
  return adopt().legs;
}
