import { Animal, Dog, Greeter, Shape, Box } from "../shared/animals";
const zooMap = new Map<string, Animal>();
export function keep(a: Animal): void { zooMap.set(a.name, a); }
export function report(a: Animal): string {
  let s = a.name + ": " + a.speak() + " legs=" + a.legs.toString();
  a.legs = 9;
  s += " legs'=" + a.legs.toString();
  s += " str=" + a.toString() + " tpl=" + `${a}`;
  s += " desc=" + a.describe("<") + "," + a.describe("<", 5);
  s += " dog=" + (a instanceof Dog ? "y" : "n");
  if (a instanceof Dog) s += " dogSpeak=" + (a as Dog).speak();
  if (a instanceof Greeter) s += " greet=" + changetype<Greeter>(a).greet("zoo");
  return s;
}
export function reportAll(): string {
  let out = "";
  let keys = zooMap.keys();
  for (let i = 0; i < keys.length; i++) out += report(zooMap.get(keys[i])) + "\n";
  return out;
}
export function shape(s: Shape): string { return s.kind() + " " + s.area().toString(); }
export function greet(g: Greeter): string { return g.greet("you"); }
export function castDog(a: Animal): string { return (a as Dog).name; }
export function speakN(a: Animal, n: i32): i32 { let t = 0; for (let i = 0; i < n; i++) t += a.speak().length; return t; }
export function legsN(a: Animal, n: i32): i32 { let t = 0; for (let i = 0; i < n; i++) t += a.legs; return t; }
export function boxGet(b: Box<i32>): i32 { return b.get(); }
export function boxTag(b: Box<i32>): string { return b.tag<string>("z"); }
