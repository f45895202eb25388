import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempProject, type TempProject } from "@shared-rt/linker/testing";
import { LoadError, type SharedHost } from "@shared-rt/runner";

// A class means the same bytes in every plugin of a memory: a relocatable plugin built from
// another version of a shared file (same path, so the same canonical name) is refused at load.
const animalsV1 = `
export class Animal {
  legs: i32 = 4;
  name: string = "rex";
}
export class Dog extends Animal {
  tricks: i32 = 2;
}
`;
// Same path, other fields: what a plugin built from an older or newer checkout has.
const animalsV2 = `
export class Animal {
  legs: f64 = 4;
  name: string = "rex";
}
`;
// Compatible with v1: a function and a class more, the same fields.
const animalsV1Plus = `${animalsV1}
export function describe(a: Animal): string { return a.name + " has " + a.legs.toString() + " legs"; }
export class Cat extends Animal {}
`;
// v1 with another Cat: only the relocatable plugin built from v1Plus has a Cat to differ from.
const animalsV1OtherCat = `${animalsV1}
export class Cat extends Animal { lives: i32 = 9; }
`;

const dogs = `
import { Animal, Dog } from "../shared/animals";
export function adopt(): Animal { return new Dog(); }
`;
const zoo = `
import { Animal } from "../shared/animals";
@external("dogs", "adopt") declare function adopt(): Animal;
export function legs(): i32 { return adopt().legs; }
`;
// The late plugin imports from 'dogs' of the running host; built alone, its project's host
// module stands in for it.
const late = `
import { Animal } from "../shared/animals";
@external("dogs", "adopt") declare function adopt(): Animal;
export function legs(): f64 { return <f64>adopt().legs; }
`;
const lateCompatible = `
import { Animal, Cat, describe } from "../shared/animals";
@external("dogs", "adopt") declare function adopt(): Animal;
export function hello(): string { return describe(adopt()); }
export function cat(): string { return describe(new Cat()); }
`;
const lateOtherCat = `
import { Cat } from "../shared/animals";
export function lives(): i32 { return new Cat().lives; }
`;

/** Builds `late.ts` against `animals` as a relocatable plugin in a project of its own (same directory layout); returns its bytes. */
async function buildLate(animals: string, source: string): Promise<Uint8Array> {
  const project = await tempProject(
    { "shared/animals.ts": animals, "plugins/late.ts": source, "host.mjs": "export default {};" },
    { plugins: { late: { entry: "plugins/late.ts", relocatable: true } }, host: "host.mjs", optimizeLevel: 0 },
  );
  try {
    await project.build();
    return new Uint8Array(await readFile(path.join(project.dir, "build", "late.wasm")));
  } finally {
    await project.remove();
  }
}

describe("class layouts across a running host", () => {
  let project: TempProject;
  let host: SharedHost;
  let incompatible: Uint8Array;
  let compatible: Uint8Array;
  let otherCat: Uint8Array;

  beforeAll(async () => {
    project = await tempProject(
      { "shared/animals.ts": animalsV1, "plugins/dogs.ts": dogs, "plugins/zoo.ts": zoo },
      { plugins: { dogs: { entry: "plugins/dogs.ts" }, zoo: { entry: "plugins/zoo.ts" } }, optimizeLevel: 0 },
    );
    await project.build();
    host = await project.load({ log: () => {} });
    incompatible = await buildLate(animalsV2, late);
    compatible = await buildLate(animalsV1Plus, lateCompatible);
    otherCat = await buildLate(animalsV1OtherCat, lateOtherCat);
  });
  afterAll(() => project.remove());

  it("refuses a plugin whose class of the same name has another layout, naming both plugins, the class and the field", async () => {
    const tableBefore = host.table.length;
    const error = await host.load("late", incompatible).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(LoadError);
    expect((error as LoadError).code).toBe("CLASS_LAYOUT_MISMATCH");
    expect((error as LoadError).plugin).toBe("late");
    expect((error as LoadError).message).toBe(
      "class 'shared/animals/Animal' differs between plugin 'late' and plugin 'dogs': field 'legs' is f64 at offset 0 in 'late', i32 at offset 0 in 'dogs'",
    );
    // Nothing of it was placed: the host and its plugins go on as before.
    expect(host.pluginNames).toEqual(["dogs", "zoo"]);
    expect(host.table.length).toBe(tableBefore);
    expect(host.call("zoo", "legs")).toBe(4);
    host.collect();
    expect(host.call("zoo", "legs")).toBe(4);
  });

  it("loads a plugin built from a compatible version, under the name the refused one wanted", async () => {
    await host.load("late", compatible);
    expect(host.pluginNames).toEqual(["dogs", "zoo", "late"]);
    expect(host.call("late", "hello")).toBe("rex has 4 legs");
    host.collect();
    expect(host.call("zoo", "legs")).toBe(4);
  });

  it("checks a plugin against the relocatable plugins loaded before it", async () => {
    // Only 'late' (loaded above) has a Cat; this one's Animal agrees with everyone's.
    const error = await host.load("cats", otherCat).then(
      () => undefined,
      (e: unknown) => e as LoadError,
    );
    expect(error?.code).toBe("CLASS_LAYOUT_MISMATCH");
    expect(error?.message).toBe(
      "class 'shared/animals/Cat' differs between plugin 'cats' and plugin 'late': field 'lives' is i32 at offset 8 in 'cats', absent in 'late'",
    );
    expect(host.call("late", "cat")).toBe("rex has 4 legs");
    // Once 'late' is gone, nothing loaded defines another Cat.
    host.unload("late");
    await host.load("cats", otherCat);
    expect(host.call("cats", "lives")).toBe(9);
    expect(host.pluginNames).toEqual(["dogs", "zoo", "cats"]);
  });
});
