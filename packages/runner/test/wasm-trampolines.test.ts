import { describe, expect, it } from "vitest";
import { parseType } from "../src/as-types.js";
import { exportTrampoline, importTrampoline } from "../src/wasm-trampolines.js";

const types = (...names: string[]) => names.map(parseType);

// The trampolines are written byte by byte: every shape of signature must validate, and the
// import trampoline must restore the globals after the call and hand a reference to `resumed`.
describe("the JSPI trampolines (wasm-trampolines.ts)", () => {
  const signatures: [string[], string][] = [
    [[], "void"],
    [["i32"], "string"],
    [["i64", "f64", "f32", "bool"], "i64"],
    [["string", "Array<i32>"], "f64"],
    [["u8"], "void"],
  ];
  for (const [params, result] of signatures) {
    it(`validate for (${params.join(", ")}) => ${result}`, () => {
      expect(WebAssembly.validate(importTrampoline(types(...params), parseType(result)) as Uint8Array<ArrayBuffer>)).toBe(true);
      expect(WebAssembly.validate(exportTrampoline(types(...params), parseType(result), 65536) as Uint8Array<ArrayBuffer>)).toBe(true);
    });
  }

  it("restore sp and cur after the import returns, and pass a reference result through resumed", () => {
    const sp = new WebAssembly.Global({ value: "i32", mutable: true }, 100);
    const cur = new WebAssembly.Global({ value: "i32", mutable: true }, 7);
    const seen: number[] = [];
    const f = (key: number) => {
      sp.value = 5000; // what the host sets while the call is suspended
      cur.value = 0;
      return key * 2;
    };
    const resumed = (ptr: number) => {
      seen.push(ptr, sp.value as number, cur.value as number);
      return ptr + 1;
    };
    const module = new WebAssembly.Module(importTrampoline(types("i32"), parseType("string")) as Uint8Array<ArrayBuffer>);
    const call = new WebAssembly.Instance(module, { t: { f, resumed, sp, cur } }).exports.f as (key: number) => number;
    expect(call(21)).toBe(43);
    expect(seen).toEqual([42, 100, 7]);
  });

  it("run the export on the given stack and set the idle stack pointer after it", () => {
    const sp = new WebAssembly.Global({ value: "i32", mutable: true }, 0);
    const cur = new WebAssembly.Global({ value: "i32", mutable: true }, 0);
    const during: number[] = [];
    const f = (a: bigint) => {
      during.push(sp.value as number, cur.value as number);
      return a + 1n;
    };
    const finished = (value: bigint) => value * 10n;
    const module = new WebAssembly.Module(exportTrampoline(types("i64"), parseType("i64"), 65536) as Uint8Array<ArrayBuffer>);
    const run = new WebAssembly.Instance(module, { t: { f, finished, sp, cur } }).exports.f as (record: number, top: number, a: bigint) => bigint;
    expect(run(9000, 8992, 4n)).toBe(50n);
    expect(during).toEqual([8992, 9000]);
    expect([sp.value, cur.value]).toEqual([65536, 0]);
  });
});
