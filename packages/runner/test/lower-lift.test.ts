import { describe, expect, it } from "vitest";
import { parseType, type RefType } from "../src/as-types.js";
import { PluginCallError } from "../src/errors.js";
import { lift, liftScalar } from "../src/lift-values.js";
import { lowerScalar } from "../src/lower-values.js";
import { describe as describeValue, type Site } from "../src/value-messages.js";
import { view } from "../src/view-values.js";
import { handMadeHost } from "./fake-runtime.js";
import { message } from "./refusal.js";

const site: Site = {
  plugin: "p",
  what: "argument 1 of p.f",
  fail: (code, message) => new PluginCallError(code, "p", "f", message),
};

/** Lowering into a hand-made memory whose one plugin `p` uses the classes below. */
function setup() {
  const { rt, heap, pins, lowering } = handMadeHost([
    "~lib/array/Array<~lib/string/String>",
    "~lib/array/Array<~lib/string/String|null>",
    "~lib/typedarray/Int32Array",
    "~lib/staticarray/StaticArray<f64>",
    "~lib/array/Array<bool>",
    "app/Foo",
  ]);
  const roundTrip = (value: unknown, type: string) => {
    const temps: number[] = [];
    const ptr = lowering.lowerRef(value, parseType(type) as RefType, site, temps, "");
    return lift(heap, ptr, parseType(type));
  };
  return { rt, heap, pins, lowering, roundTrip };
}

describe("scalars", () => {
  it("are range-checked going in and read by their type coming out", () => {
    expect(lowerScalar(255, "u8", parseType("u8"), site, "")).toBe(255);
    expect(lowerScalar(true, "bool", parseType("bool"), site, "")).toBe(1);
    expect(lowerScalar(2 ** 53 - 1, "i64", parseType("i64"), site, "")).toBe(2n ** 53n - 1n);
    expect(message(() => lowerScalar(256, "u8", parseType("u8"), site, "[2]"))).toBe(
      "BAD_ARGUMENT: argument 1 of p.f is u8: expected an integer from 0 to 255 at [2], found 256",
    );
    expect(message(() => lowerScalar(1.5, "i32", parseType("i32"), site, ""))).toBe(
      "BAD_ARGUMENT: argument 1 of p.f is i32: expected an integer from -2147483648 to 2147483647, found 1.5",
    );
    expect(message(() => lowerScalar("1", "f64", parseType("f64"), site, ""))).toBe('BAD_ARGUMENT: argument 1 of p.f is f64: expected a number, found "1"');
    expect(liftScalar(-1, "u32")).toBe(0xffffffff);
    expect(liftScalar(0xff, "i8")).toBe(-1);
    expect(liftScalar(-1n, "u64")).toBe(2n ** 64n - 1n);
    expect(liftScalar(2, "bool")).toBe(true);
  });
});

describe("objects", () => {
  it("round-trip strings, buffers, typed arrays and arrays, nested", () => {
    const { roundTrip } = setup();
    expect(roundTrip("h\u00e9llo", "string")).toBe("h\u00e9llo");
    expect(new Uint8Array(roundTrip(new Uint8Array([1, 2, 254]), "ArrayBuffer") as ArrayBuffer)).toEqual(new Uint8Array([1, 2, 254]));
    expect(roundTrip([1, -2, 3], "Int32Array")).toEqual(new Int32Array([1, -2, 3]));
    expect(roundTrip(["a", "bb", null], "Array<string | null>")).toEqual(["a", "bb", null]);
    expect(roundTrip([0.5, 2], "StaticArray<f64>")).toEqual([0.5, 2]);
    expect(roundTrip([true, false], "Array<bool>")).toEqual([true, false]);
    expect(roundTrip(null, "string | null")).toBeNull();
  });

  it("views elements in place", () => {
    const { heap, lowering } = setup();
    const ptr = lowering.lowerRef(new Int32Array([4, 5]), parseType("Int32Array") as RefType, site, [], "");
    const elements = view(heap, ptr, parseType("Int32Array")) as Int32Array;
    elements[0] = 40;
    expect(lift(heap, ptr, parseType("Int32Array"))).toEqual(new Int32Array([40, 5]));
    expect(() => view(heap, ptr, parseType("Array<string>"))).toThrow(
      expect.objectContaining({
        code: "NO_VIEW",
        message: "an owned Array<string> has no view: only strings, ArrayBuffers, typed arrays and arrays of numbers do",
      }),
    );
  });

  it("pin an argument and its buffer for the call; the caller's temps unpin them all", () => {
    const { heap, pins, lowering } = setup();
    const temps: number[] = [];
    const ptr = lowering.lowerArgument(["x", "y"], parseType("Array<string>"), site, temps) as number;
    expect(temps).toContain(ptr);
    expect(temps).toContain(heap.u32(ptr));
    expect(heap.isPinned(ptr)).toBe(true);
    for (const t of temps) pins.unpin(t);
    expect(pins.size).toBe(0);
    expect(heap.isPinned(ptr)).toBe(false);
  });

  it("are refused with what was expected and what was found, down to the element", () => {
    const { lowering, rt } = setup();
    const lower = (value: unknown, type: string) => () => lowering.lowerArgument(value, parseType(type), site, []);
    expect(message(lower(["a", 2], "Array<string>"))).toBe(
      "BAD_ARGUMENT: argument 1 of p.f is Array<string>: expected a string or an owned string at [1], found 2",
    );
    expect(message(lower(null, "string"))).toBe("BAD_ARGUMENT: argument 1 of p.f is string: expected a string or an owned string, found null");
    expect(message(lower([1], "Array<u64>"))).toBe(
      "UNSUPPORTED_TYPE: argument 1 of p.f is Array<u64>, but no loaded plugin uses Array<u64>, so it has no class id to allocate one with",
    );
    expect(message(lower(8, "Foo"))).toBe(
      "BAD_ARGUMENT: argument 1 of p.f is Foo: expected an owned Foo or its address, found address 8, which is not an object",
    );
    const text = rt.__new(2, 2);
    expect(message(lower(text, "Foo"))).toBe(`BAD_ARGUMENT: argument 1 of p.f is Foo: expected Foo, found address ${text}, which is a string of the runtime`);
    expect(message(lower(1, "void"))).toBe("UNSUPPORTED_TYPE: argument 1 of p.f has type void");
  });

  it("describes JS values briefly", () => {
    expect(
      ["x".repeat(50), 3n, [1, 2], new ArrayBuffer(4), new Float32Array(3), new DataView(new ArrayBuffer(2)), () => 0, new Map()].map(describeValue),
    ).toEqual([
      `"${"x".repeat(40)}"… (50 characters)`,
      "3n",
      "an array of length 2",
      "ArrayBuffer(4)",
      "Float32Array(3)",
      "DataView(2)",
      "a function",
      "an object (Map)",
    ]);
  });
});
