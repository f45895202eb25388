import { describe, expect, it } from "vitest";
import { className, classNameMatches, displayName, internalName, isReference, jsTypedArray, parseType, type RefType } from "../src/as-types.js";

const ref = (text: string) => parseType(text) as RefType;

describe("parseType", () => {
  it("reads numbers, bigints, bools and void", () => {
    expect(parseType("i32")).toEqual({ kind: "number", text: "i32", name: "i32" });
    expect(parseType("u64")).toEqual({ kind: "bigint", text: "u64", name: "u64" });
    expect(parseType("bool")).toEqual({ kind: "bool", text: "bool", name: "bool" });
    expect(parseType("void")).toEqual({ kind: "void", text: "void" });
  });

  it("reads strings, buffers and typed arrays, nullable or not", () => {
    expect(parseType("string")).toEqual({ kind: "string", text: "string", nullable: false });
    expect(parseType("string | null")).toEqual({ kind: "string", text: "string | null", nullable: true });
    expect(parseType("ArrayBuffer|null")).toEqual({ kind: "arraybuffer", text: "ArrayBuffer|null", nullable: true });
    expect(parseType("Uint8ClampedArray")).toMatchObject({ kind: "typedarray", name: "Uint8ClampedArray", element: "u8" });
    expect(parseType("Int64Array")).toMatchObject({ kind: "typedarray", element: "i64" });
  });

  it("reads arrays of any element, nested", () => {
    expect(parseType("Array<string>")).toMatchObject({ kind: "array", nullable: false, element: { kind: "string" } });
    expect(parseType("StaticArray<f64> | null")).toMatchObject({ kind: "staticarray", nullable: true, element: { kind: "number", name: "f64" } });
    expect(parseType("Array<Array<i32>>")).toMatchObject({ kind: "array", element: { kind: "array", element: { name: "i32" } } });
    expect(parseType("Array<Map<string,i32>>")).toMatchObject({ kind: "array", element: { kind: "map", key: { kind: "string" }, value: { name: "i32" } } });
  });

  it("reads Map and Set as the manifest spells them, with or without spaces", () => {
    for (const text of ["Map<string,i32>", "Map<string, i32>", " Map< string ,i32 > "]) {
      expect(parseType(text)).toMatchObject({ kind: "map", nullable: false, key: { kind: "string" }, value: { kind: "number", name: "i32" } });
    }
    expect(parseType("Map<string, i32> | null")).toMatchObject({ kind: "map", nullable: true });
    expect(parseType("Set<i64>|null")).toMatchObject({ kind: "set", nullable: true, element: { kind: "bigint", name: "i64" } });
    expect(parseType("Map<i32,Set<string | null>>")).toMatchObject({ kind: "map", value: { kind: "set", element: { kind: "string", nullable: true } } });
    expect(parseType("Map<string, Array<Map<i8, bool>>>")).toMatchObject({ kind: "map", value: { kind: "array", element: { kind: "map" } } });
    expect(parseType("Map<Foo, Array<i32>>")).toMatchObject({ kind: "map", key: { kind: "class", name: "Foo" } });
    // Key or value without a JS form, or the wrong number of type arguments: a plain class.
    expect(parseType("Map<string,v128>")).toMatchObject({ kind: "class", name: "Map<string,v128>" });
    expect(parseType("Set<externref>")).toMatchObject({ kind: "class" });
    expect(parseType("Set<void>")).toMatchObject({ kind: "class" });
    expect(parseType("Map<string>")).toMatchObject({ kind: "class" });
    expect(parseType("Set<i32, i32>")).toMatchObject({ kind: "class" });
  });

  it("takes what it does not know for a class, and never throws", () => {
    expect(parseType("Foo | null")).toEqual({ kind: "class", text: "Foo | null", nullable: true, name: "Foo" });
    // Two type arguments at the top level: not an Array<T>.
    expect(parseType("Array<i32, i32>")).toMatchObject({ kind: "class" });
    expect(parseType("Array<void>")).toMatchObject({ kind: "class" });
    expect(parseType("(a: i32) => void")).toMatchObject({ kind: "class" });
  });

  it("parses each spelling once", () => {
    expect(parseType("Array<u8>")).toBe(parseType("Array<u8>"));
    expect(parseType(" i32 ")).toMatchObject({ kind: "number", name: "i32" });
  });

  it("tells references from values", () => {
    expect(["i32", "i64", "bool", "void"].map((t) => isReference(parseType(t)))).toEqual([false, false, false, false]);
    expect(["string", "ArrayBuffer", "Int32Array", "Array<i32>", "Foo"].map((t) => isReference(parseType(t)))).toEqual([true, true, true, true, true]);
  });
});

describe("class names", () => {
  it("spells types as the compiler names their classes", () => {
    expect(internalName(parseType("Array<string | null>"))).toBe("~lib/array/Array<~lib/string/String|null>");
    expect(internalName(parseType("StaticArray<ArrayBuffer>"))).toBe("~lib/staticarray/StaticArray<~lib/arraybuffer/ArrayBuffer>");
    expect(internalName(parseType("Float32Array"))).toBe("~lib/typedarray/Float32Array");
    expect(className(ref("string | null"))).toBe("~lib/string/String");
    expect(internalName(parseType("Map<string, i32>"))).toBe("~lib/map/Map<~lib/string/String,i32>");
    expect(internalName(parseType("Map<i32, Set<string | null>> | null"))).toBe("~lib/map/Map<i32,~lib/set/Set<~lib/string/String|null>>|null");
    expect(className(ref("Set<u8> | null"))).toBe("~lib/set/Set<u8>");
  });

  it("matches library classes exactly and user classes by their last path segment", () => {
    expect(classNameMatches(ref("Array<i32>"), "~lib/array/Array<i32>")).toBe(true);
    expect(classNameMatches(ref("Array<i32>"), "~lib/array/Array<u32>")).toBe(false);
    expect(classNameMatches(ref("Bird"), "animals/Bird")).toBe(true);
    expect(classNameMatches(ref("Bird"), "animals/Songbird")).toBe(false);
  });

  it("shortens internal names for messages", () => {
    expect(displayName("~lib/array/Array<~lib/string/String>")).toBe("Array<string>");
    expect(displayName("~lib/map/Map<~lib/string/String,~lib/set/Set<i64>>")).toBe("Map<string,Set<i64>>");
    expect(displayName("assembly/animals/Bird")).toBe("Bird");
  });

  it("maps AssemblyScript typed arrays to JS's", () => {
    expect(jsTypedArray("Int64Array")).toBe(BigInt64Array);
    expect(jsTypedArray("Uint8ClampedArray")).toBe(Uint8ClampedArray);
    expect(jsTypedArray("Float64Array")).toBe(Float64Array);
  });
});
