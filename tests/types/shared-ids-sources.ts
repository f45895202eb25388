/**
 * The project of shared-ids.test.ts: three plugins in directories of their own (each directory
 * private to its plugin) over a shared file, and a late relocatable plugin built by a second
 * project file in the same directory (so its canonical names are the same).
 */

const ids = `
export function idArrayString(): i32 { return idof<Array<string>>(); }
export function idMap(): i32 { return idof<Map<string, i32>>(); }
export function idAnimal(): i32 { return idof<Animal>(); }
`;

export const SOURCES: Record<string, string> = {
  "shared/animals.ts": `
export class Animal {
  constructor(public name: string, public legs: i32, public tags: Array<string>) {}
}
export function tagsOf(i: i32): Array<string> {
  const tags = new Array<string>();
  for (let j = 0; j < i % 4 + 1; ++j) tags.push("t" + i.toString() + "_" + j.toString());
  return tags;
}
export function animalErrors(a: Animal, i: i32): i32 {
  let errors = 0;
  if (a.name != "a" + i.toString() || a.legs != i) ++errors;
  const tags = tagsOf(i);
  if (a.tags.length != tags.length) return errors + 1;
  for (let j = 0; j < tags.length; ++j) if (a.tags[j] != tags[j]) ++errors;
  return errors;
}
`,
  // dogs makes shared objects; its puppy file is private to it.
  "plugins/dogs/puppy.ts": `
export class Puppy { constructor(public age: i32) {} }
`,
  "plugins/dogs/index.ts": `
import { Animal, tagsOf } from "../../shared/animals";
import { Puppy } from "./puppy";
${ids}
export function idPuppy(): i32 { return idof<Puppy>(); }
export function makeAnimals(n: i32): Array<Animal> {
  const out = new Array<Animal>();
  for (let i = 0; i < n; ++i) out.push(new Animal("a" + i.toString(), i, tagsOf(i)));
  return out;
}
export function makeCounts(n: i32): Map<string, i32> {
  const map = new Map<string, i32>();
  for (let i = 0; i < n; ++i) map.set("k" + i.toString(), i * 3);
  return map;
}
export function makeObject(): Object { return new Animal("a0", 0, tagsOf(0)); }
`,
  // zoo holds what dogs made, makes its own objects of the same classes, and collects.
  "plugins/zoo/index.ts": `
import { Animal, animalErrors, tagsOf } from "../../shared/animals";
@external("dogs", "makeAnimals") declare function makeAnimals(n: i32): Array<Animal>;
@external("dogs", "makeCounts") declare function makeCounts(n: i32): Map<string, i32>;
@external("dogs", "makeObject") declare function makeObject(): Object;
${ids}
let held = new Array<Animal>();
let counts = new Map<string, i32>();
let own = new Map<string, i32>();
let ownAnimals = new Array<Animal>();
export function hold(n: i32): void {
  held = makeAnimals(n);
  counts = makeCounts(n);
  own = new Map<string, i32>();
  ownAnimals = new Array<Animal>();
  for (let i = 0; i < n; ++i) {
    own.set("o" + i.toString(), i);
    ownAnimals.push(new Animal("a" + i.toString(), i, tagsOf(i)));
  }
}
export function churn(n: i32): void {
  for (let i = 0; i < n; ++i) {
    const garbage = makeAnimals(3);
    garbage.push(new Animal("g", i, ["x", "y"]));
    if (i % 10 == 0) __collect();
  }
}
export function check(n: i32): i32 {
  let errors = 0;
  if (held.length != n || ownAnimals.length != n || counts.size != n || own.size != n) ++errors;
  for (let i = 0; i < min(n, held.length); ++i) errors += animalErrors(held[i], i) + animalErrors(ownAnimals[i], i);
  for (let i = 0; i < n; ++i) {
    if (!counts.has("k" + i.toString()) || counts.get("k" + i.toString()) != i * 3) ++errors;
    if (!own.has("o" + i.toString()) || own.get("o" + i.toString()) != i) ++errors;
  }
  return errors;
}
export function isAnimal(): bool { return makeObject() instanceof Animal; }
export function isArrayOfString(): bool { const o: Object = makeAnimals(1)[0].tags; return o instanceof Array<string>; }
`,
  "plugins/cats/index.ts": `
import { Animal } from "../../shared/animals";
${ids}
export function count(a: Array<Animal>): i32 { return a.length; }
export function joinTags(tags: Array<string>): string { __collect(); return tags.join(","); }
export function tagsId(tags: Array<string>): u32 { return load<u32>(changetype<usize>(tags) - 8); }
export function total(m: Map<string, i32>): i32 { __collect(); let t = 0; const v = m.values(); for (let i = 0; i < v.length; ++i) t += v[i]; return t; }
export function countsId(m: Map<string, i32>): u32 { return load<u32>(changetype<usize>(m) - 8); }
`,
  "shared/extra.ts": `
export class Extra { constructor(public n: i32) {} }
`,
  // Loaded into the running host: reuses the project's ids and brings a new shared class.
  "late/index.ts": `
import { Animal, animalErrors, tagsOf } from "../shared/animals";
import { Extra } from "../shared/extra";
@external("dogs", "makeAnimals") declare function makeAnimals(n: i32): Array<Animal>;
${ids}
export function idExtra(): i32 { return idof<Extra>(); }
let kept = new Array<Animal>();
let extras = new Array<Extra>();
export function keep(n: i32): void {
  kept = makeAnimals(n);
  for (let i = 0; i < n; ++i) { kept.push(new Animal("a" + i.toString(), i, tagsOf(i))); extras.push(new Extra(i)); }
}
export function check(n: i32): i32 {
  __collect();
  let errors = kept.length == 2 * n ? 0 : 1;
  for (let i = 0; i < n; ++i) errors += animalErrors(kept[i], i) + animalErrors(kept[n + i], i) + (extras[i].n == i ? 0 : 1);
  return errors;
}
`,
};

export const PLUGINS = {
  dogs: { entry: "plugins/dogs/index.ts" },
  zoo: { entry: "plugins/zoo/index.ts" },
  cats: { entry: "plugins/cats/index.ts" },
};

export const LATE_PROJECT = { plugins: { ...PLUGINS, late: { entry: "late/index.ts", relocatable: true } }, outDir: "build-late" };
