import { LAYOUT_SECTION } from "@shared-rt/abi";
import { describe, expect, it } from "vitest";
import { withoutLayoutSection } from "../src/strip-layout.js";

/** A custom section: id 0, size, name, payload. */
function custom(name: string, payload: number[]): number[] {
  const n = [...new TextEncoder().encode(name)];
  const body = [n.length, ...n, ...payload];
  return [0, body.length, ...body];
}

const HEADER = [0, 0x61, 0x73, 0x6d, 1, 0, 0, 0];
// A type section with one function type () -> ().
const TYPES = [1, 4, 1, 0x60, 0, 0];

describe("withoutLayoutSection", () => {
  it("drops the layout section and keeps every other section, in order", () => {
    const wasm = new Uint8Array([...HEADER, ...TYPES, ...custom(LAYOUT_SECTION, [123, 125]), ...custom("name", [0])]);
    const stripped = withoutLayoutSection(wasm);
    expect([...stripped]).toEqual([...HEADER, ...TYPES, ...custom("name", [0])]);
    const module = new WebAssembly.Module(stripped as Uint8Array<ArrayBuffer>);
    expect(WebAssembly.Module.customSections(module, LAYOUT_SECTION)).toHaveLength(0);
    expect(WebAssembly.Module.customSections(module, "name")).toHaveLength(1);
  });

  it("leaves a module without one as it is", () => {
    const wasm = new Uint8Array([...HEADER, ...TYPES, ...custom("shared-rt.statics", [1, 2, 3])]);
    expect([...withoutLayoutSection(wasm)]).toEqual([...wasm]);
  });

  it("names the file of a module cut short, as a LinkError", () => {
    const wasm = new Uint8Array([...HEADER, ...TYPES, ...custom(LAYOUT_SECTION, [123, 125])]);
    expect(() => withoutLayoutSection(wasm.subarray(0, wasm.length - 2), "vendor/x.wasm")).toThrow(
      expect.objectContaining({
        name: "LinkError",
        code: "NOT_A_PLUGIN",
        message: expect.stringMatching(/^'vendor\/x\.wasm' is not a complete WebAssembly module: the section at byte 14/),
      }),
    );
    expect(() => withoutLayoutSection(new Uint8Array([...HEADER, 1, 0x80]))).toThrow(expect.objectContaining({ code: "NOT_A_PLUGIN" }));
    expect(() => withoutLayoutSection(new Uint8Array(HEADER.slice(0, 4)))).toThrow(/fewer than the 8 of the header/);
  });
});
