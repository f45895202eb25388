import { ABI_VERSION, type ClassLayouts, type ExportSignature, type PluginLayout } from "@shared-rt/abi";
import { describe, expect, it } from "vitest";
import type { Slot } from "../src/assign-slots.js";
import { checkClassLayouts, checkOverlaps, checkPlacement, checkPluginLayout, checkSignature, signaturesAgree } from "../src/check-link.js";
import type { CompiledPlugin } from "../src/compile-plugin.js";

const sig = (params: string[], result: string, extra: Partial<ExportSignature> = {}): ExportSignature => ({ params, result, ...extra });

describe("signaturesAgree", () => {
  it("accepts equal signatures and refuses different wasm types or arities", () => {
    expect(signaturesAgree(sig(["i32"], "i32", { wasm: "(i32)->i32" }), sig(["i32"], "i32", { wasm: "(i32)->i32" }))).toBe(true);
    expect(signaturesAgree(sig(["f64"], "void", { wasm: "(f64)->none" }), sig(["i32"], "void", { wasm: "(i32)->none" }))).toBe(false);
    expect(signaturesAgree(sig(["i32"], "void"), sig(["i32", "i32"], "void"))).toBe(false);
    // Same wasm type, different AssemblyScript types: a string is not an i32.
    expect(signaturesAgree(sig(["i32"], "i32", { wasm: "(i32)->i32" }), sig(["string"], "string", { wasm: "(i32)->i32" }))).toBe(false);
  });

  it("compares generic types in full", () => {
    expect(signaturesAgree(sig(["Array<i32>"], "void"), sig(["Array<i32>"], "void"))).toBe(true);
    expect(signaturesAgree(sig(["Array<i32>"], "void"), sig(["Array<i64>"], "void"))).toBe(false);
    expect(signaturesAgree(sig([], "Map<string,i32>"), sig([], "Map<string,f64>"))).toBe(false);
  });

  it("lets an argument be non-null where the export takes null, not the other way", () => {
    expect(signaturesAgree(sig(["string"], "void"), sig(["string | null"], "void"))).toBe(true);
    expect(signaturesAgree(sig(["string | null"], "void"), sig(["string"], "void"))).toBe(false);
  });

  it("lets an import expect a nullable result of an export that returns non-null, not the other way", () => {
    expect(signaturesAgree(sig([], "string | null"), sig([], "string"))).toBe(true);
    expect(signaturesAgree(sig([], "string"), sig([], "string | null"))).toBe(false);
  });

  it("accepts a subclass where the base is declared, by the giving side's bases", () => {
    // Arguments: the importer gives a Dog where the export takes an Animal.
    expect(signaturesAgree(sig(["Dog"], "void", { bases: { Dog: ["Animal"] } }), sig(["Animal"], "void"))).toBe(true);
    expect(signaturesAgree(sig(["Dog | null"], "void", { bases: { Dog: ["Animal"] } }), sig(["Animal | null"], "void"))).toBe(true);
    expect(signaturesAgree(sig(["Animal"], "void"), sig(["Dog"], "void", { bases: { Dog: ["Animal"] } }))).toBe(false);
    // Without the importer's record of Dog's bases, nothing says Dog is an Animal.
    expect(signaturesAgree(sig(["Dog"], "void"), sig(["Animal"], "void", { bases: { Dog: ["Animal"] } }))).toBe(false);
    // Results: the export returns a Dog where the importer expects an Animal.
    expect(signaturesAgree(sig([], "Animal"), sig([], "Dog", { bases: { Dog: ["Animal"] } }))).toBe(true);
    expect(signaturesAgree(sig([], "Dog"), sig([], "Animal"))).toBe(false);
  });

  it("does not extend subclassing into generic arguments", () => {
    expect(signaturesAgree(sig(["Array<Dog>"], "void", { bases: { Dog: ["Animal"] } }), sig(["Array<Animal>"], "void"))).toBe(false);
  });
});

describe("checkSignature", () => {
  it("names both sides of a disagreement", () => {
    expect(() => checkSignature("a", "b", "f", sig(["i32"], "i32", { wasm: "(i32)->i32" }), sig(["string"], "string", { wasm: "(i32)->i32" }))).toThrow(
      expect.objectContaining({
        code: "IMPORT_SIGNATURE_MISMATCH",
        message: "plugin 'a' imports 'b.f' with type (i32)->i32 (i32) => i32, plugin 'b' exports it with type (i32)->i32 (string) => string",
      }),
    );
  });

  it("spells an unrecorded wasm type as ?, and checks nothing when a side has no signature", () => {
    expect(() => checkSignature("a", "b", "f", sig(["i32"], "void"), sig(["i64"], "void"))).toThrow(
      "with type ? (i32) => void, plugin 'b' exports it with type ? (i64) => void",
    );
    expect(() => checkSignature("a", "b", "f", undefined, sig(["i64"], "void"))).not.toThrow();
    expect(() => checkSignature("a", "b", "f", sig(["i32"], "void"), undefined)).not.toThrow();
  });
});

describe("checkOverlaps", () => {
  it("names the owners of overlapping ranges", () => {
    expect(() =>
      checkOverlaps("memory", [
        { owner: "plugin 'a'", start: 1024, end: 2048 },
        { owner: "plugin 'b'", start: 2000, end: 3000 },
      ]),
    ).toThrow("memory ranges overlap: plugin 'a' has 1024..2047, plugin 'b' has 2000..2999");
  });

  it("accepts touching ranges, in any order, and ignores empty ones", () => {
    const ranges = [
      { owner: "b", start: 2048, end: 3000 },
      { owner: "a", start: 1024, end: 2048 },
      { owner: "empty", start: 1500, end: 1500 },
    ];
    expect(() => checkOverlaps("table", ranges)).not.toThrow();
  });
});

describe("checkPluginLayout", () => {
  it("refuses a plugin built for another ABI or another collector", () => {
    const layout = { abi: ABI_VERSION, collector: "incremental" } as PluginLayout;
    expect(() => checkPluginLayout("p", { ...layout, abi: 7 }, "incremental")).toThrow(
      expect.objectContaining({ code: "ABI_MISMATCH", message: `plugin 'p' was built for shared-rt ABI 7, this linker and runtime speak ABI ${ABI_VERSION}` }),
    );
    expect(() => checkPluginLayout("p", layout, "minimal")).toThrow(
      expect.objectContaining({ code: "COLLECTOR_MISMATCH", message: "plugin 'p' was built for the incremental collector, the project uses minimal" }),
    );
    expect(() => checkPluginLayout("p", layout, "incremental")).not.toThrow();
  });
});

describe("checkPlacement", () => {
  const plugin = (name: string, memory: [number, number], classes: [number, number], relocatable = false): CompiledPlugin =>
    ({
      name,
      layout: { memory: { base: memory[0], end: memory[1] }, classes: { base: classes[0], count: classes[1] }, ...(relocatable ? { relocatable: {} } : {}) },
    }) as unknown as CompiledPlugin;
  const slot = (table: [number, number]): Slot => ({ memory: { base: 0, size: 0 }, table: { base: table[0], size: table[1] }, classes: { base: 0, count: 0 } });

  it("refuses overlapping memory, table slots or class ids of linked plugins", () => {
    const a = plugin("a", [1024, 2048], [32, 4]);
    expect(() =>
      checkPlacement(
        [a, plugin("b", [2000, 3000], [40, 4])],
        new Map([
          ["a", slot([1, 8])],
          ["b", slot([9, 8])],
        ]),
        true,
      ),
    ).toThrow("memory ranges overlap: plugin 'a' has 1024..2047, plugin 'b' has 2000..2999");
    expect(() =>
      checkPlacement(
        [a, plugin("b", [2048, 3000], [40, 4])],
        new Map([
          ["a", slot([1, 8])],
          ["b", slot([8, 8])],
        ]),
        true,
      ),
    ).toThrow("table ranges overlap: plugin 'a' has 1..8, plugin 'b' has 8..15");
    expect(() =>
      checkPlacement(
        [a, plugin("b", [2048, 3000], [35, 4])],
        new Map([
          ["a", slot([1, 8])],
          ["b", slot([9, 8])],
        ]),
        true,
      ),
    ).toThrow("class-id ranges overlap: plugin 'a' has 32..35, plugin 'b' has 35..38");
  });

  it("skips relocatable plugins, and class ids when told to", () => {
    const a = plugin("a", [1024, 2048], [32, 4]);
    const slots = new Map([
      ["a", slot([1, 8])],
      ["b", slot([9, 8])],
      ["r", slot([1, 8])],
    ]);
    expect(() => checkPlacement([a, plugin("r", [1024, 2048], [32, 4], true)], slots, true)).not.toThrow();
    expect(() => checkPlacement([a, plugin("b", [2048, 3000], [32, 4])], slots, false)).not.toThrow();
  });
});

describe("checkClassLayouts", () => {
  const withLayouts = (name: string, layouts?: ClassLayouts) => ({ name, layout: { classes: { layouts } } as PluginLayout });
  const animal = (legs: string, size: number): ClassLayouts => ({ "shared/Animal": { size, fields: [["legs", legs, 0]] } });

  it("refuses the first pair of plugins whose class of one name differs, naming both, the class and the field", () => {
    const plugins = [withLayouts("a"), withLayouts("dogs", animal("i32", 4)), withLayouts("cats", animal("i32", 4)), withLayouts("zoo", animal("f64", 8))];
    expect(() => checkClassLayouts(plugins)).toThrow(
      expect.objectContaining({
        code: "CLASS_LAYOUT_MISMATCH",
        message: "class 'shared/Animal' differs between plugin 'dogs' and plugin 'zoo': field 'legs' is i32 at offset 0 in 'dogs', f64 at offset 0 in 'zoo'",
      }),
    );
  });

  it("accepts equal layouts, classes only one plugin defines, and plugins without layouts", () => {
    const other: ClassLayouts = { "b/Own": { size: 4, fields: [["legs", "f64", 0]] } };
    expect(() => checkClassLayouts([withLayouts("a", animal("i32", 4)), withLayouts("b", { ...animal("i32", 4), ...other }), withLayouts("c")])).not.toThrow();
  });
});
