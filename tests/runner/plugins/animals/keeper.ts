import { Animal } from "./animals";

export function nameOf(a: Animal): string {
  return "kept " + a.name;
}

/** Takes any object, as asc's `Object` parameter does. */
export function isAnimal(o: Object): bool {
  return o instanceof Animal;
}
