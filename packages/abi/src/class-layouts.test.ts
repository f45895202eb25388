import { describe, expect, it } from "vitest";
import { classLayoutDifference, classLayoutMismatchMessage, firstClassLayoutDifference, type ClassLayout, type ClassLayouts } from "./class-layouts.js";

const animal: ClassLayout = {
  size: 8,
  fields: [
    ["legs", "i32", 0],
    ["name", "string", 4],
  ],
};

describe("classLayoutDifference", () => {
  it("finds nothing in equal layouts, with or without the optional keys", () => {
    expect(classLayoutDifference(animal, structuredClone(animal), "dogs", "zoo")).toBeUndefined();
    expect(classLayoutDifference({ size: 0 }, { size: 0, fields: [] }, "dogs", "zoo")).toBeUndefined();
  });

  it("names a field whose type and offset differ, with what each plugin has", () => {
    const other: ClassLayout = {
      size: 16,
      fields: [
        ["name", "string", 0],
        ["legs", "f64", 8],
      ],
    };
    expect(classLayoutDifference(animal, other, "dogs", "zoo")).toBe("field 'legs' is i32 at offset 0 in 'dogs', f64 at offset 8 in 'zoo'");
  });

  it("names a field's type, or its offset, alone", () => {
    const typed: ClassLayout = { size: 8, fields: [["legs", "u32", 0], animal.fields![1]] };
    expect(classLayoutDifference(animal, typed, "a", "b")).toBe("field 'legs' is i32 at offset 0 in 'a', u32 at offset 0 in 'b'");
    const moved: ClassLayout = {
      size: 12,
      fields: [
        ["legs", "i32", 0],
        ["name", "string", 8],
      ],
    };
    expect(classLayoutDifference(animal, moved, "a", "b")).toBe("field 'name' is string at offset 4 in 'a', string at offset 8 in 'b'");
  });

  it("names a missing or an extra field", () => {
    const fewer: ClassLayout = { size: 4, fields: [["legs", "i32", 0]] };
    expect(classLayoutDifference(animal, fewer, "a", "b")).toBe("field 'name' is string at offset 4 in 'a', absent in 'b'");
    expect(classLayoutDifference(fewer, animal, "a", "b")).toBe("field 'name' is absent in 'a', string at offset 4 in 'b'");
    const renamed: ClassLayout = { size: 8, fields: [["feet", "i32", 0], animal.fields![1]] };
    expect(classLayoutDifference(animal, renamed, "a", "b")).toBe("field 'legs' is i32 at offset 0 in 'a', absent in 'b'");
  });

  it("names a different base class before any field", () => {
    const derived: ClassLayout = { ...animal, base: "shared/Base", fields: [["legs", "f32", 0]] };
    expect(classLayoutDifference(animal, derived, "a", "b")).toBe("its base class is none in 'a', 'shared/Base' in 'b'");
    expect(classLayoutDifference(derived, { ...derived, base: "shared/Other" }, "a", "b")).toBe(
      "its base class is 'shared/Base' in 'a', 'shared/Other' in 'b'",
    );
  });

  it("names a different size when the fields agree", () => {
    expect(classLayoutDifference(animal, { ...animal, size: 12 }, "a", "b")).toBe("an instance is 8 bytes in 'a', 12 in 'b'");
  });
});

describe("firstClassLayoutDifference", () => {
  const dog: ClassLayout = { base: "shared/Animal", size: 12, fields: [["tricks", "i32", 8]] };
  const a: ClassLayouts = { "shared/Dog": dog, "shared/Animal": animal, "a/Private": { size: 4, fields: [["x", "i32", 0]] } };

  it("compares only the classes both define", () => {
    const b: ClassLayouts = { "shared/Animal": animal, "b/Private": { size: 8, fields: [["x", "f64", 0]] } };
    expect(firstClassLayoutDifference(a, b, "a", "b")).toBeUndefined();
  });

  it("reports a base class before its subclass, whatever the order of the record", () => {
    const wider: ClassLayout = { size: 12, fields: [...animal.fields!, ["age", "i32", 8]] };
    const b: ClassLayouts = { "shared/Dog": { ...dog, size: 16, fields: [["tricks", "i32", 12]] }, "shared/Animal": wider };
    const difference = firstClassLayoutDifference(a, b, "dogs", "zoo");
    expect(difference).toEqual({ className: "shared/Animal", detail: "field 'age' is absent in 'dogs', i32 at offset 8 in 'zoo'" });
    expect(classLayoutMismatchMessage(difference!, "dogs", "zoo")).toBe(
      "class 'shared/Animal' differs between plugin 'dogs' and plugin 'zoo': field 'age' is absent in 'dogs', i32 at offset 8 in 'zoo'",
    );
  });

  it("orders classes of one depth by name, and survives a base cycle in a malformed record", () => {
    const b: ClassLayouts = { "shared/Dog": { ...dog, size: 20 }, "a/Private": { size: 8 } };
    expect(firstClassLayoutDifference(a, b, "a", "b")?.className).toBe("a/Private");
    const cyclic: ClassLayouts = { X: { base: "Y", size: 0 }, Y: { base: "X", size: 0 } };
    expect(firstClassLayoutDifference(cyclic, { X: { base: "Y", size: 4 } }, "a", "b")?.detail).toBe("an instance is 0 bytes in 'a', 4 in 'b'");
  });
});
