import { Animal } from "./animals";

export function nameOf(a: Animal): string {
  return "kept " + a.name;
}
