// Gets its Animal through zoo-kit, that is, animals 1.0.
import { Animal, newAnimal } from "zoo-kit";
export function adopt(): Animal {
  return newAnimal();
}
