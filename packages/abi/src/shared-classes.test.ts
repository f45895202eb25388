import { describe, expect, it } from "vitest";
import { FIRST_SHARED_CLASS_ID, SHARED_CLASS_END, isSharedClassId } from "./class-ids.js";
import { DELTAS, RELOCATION_BASES } from "./relocation.js";
import { SharedClassRegistry, sharedClassesFullMessage } from "./shared-classes.js";

describe("SharedClassRegistry", () => {
  it("hands out ids in order from the first shared id and keeps them", () => {
    const registry = new SharedClassRegistry();
    expect(registry.claim("~lib/array/Array<~lib/string/String>")).toBe(32);
    expect(registry.claim("shared/animals/Animal")).toBe(33);
    expect(registry.claim("~lib/array/Array<~lib/string/String>")).toBe(32);
    expect(registry.toRecord()).toEqual({ "~lib/array/Array<~lib/string/String>": 32, "shared/animals/Animal": 33 });
    expect(registry.toShared()).toEqual({ base: 32, names: ["~lib/array/Array<~lib/string/String>", "shared/animals/Animal"] });
  });

  it("continues after the highest id of what it was given, in either form", () => {
    const fromManifest = new SharedClassRegistry({ base: 32, names: ["a", "b"] });
    expect(fromManifest.claim("c")).toBe(34);
    const fromRecord = new SharedClassRegistry({ x: 40 });
    expect(fromRecord.claim("y")).toBe(41);
    expect(fromRecord.nameOf(40)).toBe("x");
    expect(fromRecord.toShared().names[8]).toBe("x");
  });

  it("refuses a second pairing of a name or an id", () => {
    const registry = new SharedClassRegistry({ a: 32 });
    expect(registry.set("a", 33)).toBe(false);
    expect(registry.set("b", 32)).toBe(false);
    expect(registry.set("a", 32)).toBe(true);
    expect(registry.set("c", 5)).toBe(false);
  });

  it("answers undefined when the shared range is full", () => {
    const registry = new SharedClassRegistry({ last: SHARED_CLASS_END - 1 });
    expect(registry.claim("more")).toBeUndefined();
    expect(sharedClassesFullMessage("more")).toBe(
      "the shared class ids (32..2047) are used up: class 'more' gets none; a project can share at most 2016 classes",
    );
  });
});

describe("class-id contract", () => {
  it("keeps shared ids, private ids and relocation placeholders apart", () => {
    expect(isSharedClassId(FIRST_SHARED_CLASS_ID)).toBe(true);
    expect(isSharedClassId(SHARED_CLASS_END)).toBe(false);
    expect(RELOCATION_BASES.classes).toBeGreaterThanOrEqual(SHARED_CLASS_END);
    expect(new Set(Object.values(DELTAS)).size).toBe(Object.keys(DELTAS).length);
  });
});
