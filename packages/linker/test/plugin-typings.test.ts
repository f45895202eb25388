import type { Manifest, ManifestPlugin } from "@shared-rt/abi";
import { describe, expect, it } from "vitest";
import { paramType, pluginTypings, resultType } from "../src/plugin-typings.js";

describe("resultType: what the host returns", () => {
  it.each([
    ["i32", "number"],
    ["u8", "number"],
    ["f64", "number"],
    ["i64", "bigint"],
    ["u64", "bigint"],
    ["bool", "boolean"],
    ["void", "void"],
    ["string", "string"],
    ["string | null", "string | null"],
    ["ArrayBuffer", "ArrayBuffer"],
    ["Int32Array", "Int32Array"],
    ["Int64Array", "BigInt64Array"],
    ["Uint64Array", "BigUint64Array"],
    ["Uint8ClampedArray", "Uint8ClampedArray"],
    ["Array<string>", "Array<string>"],
    ["StaticArray<f64>", "Array<number>"],
    ["Array<Array<i64>>", "Array<Array<bigint>>"],
    ["Array<string | null>", "Array<string | null>"],
    ["Map<string,i32>", "Map<string, number>"],
    ["Map<i64, Array<string>> | null", "Map<bigint, Array<string>> | null"],
    ["Set<bool>", "Set<boolean>"],
    ["Foo", "number"],
    ["Foo | null", "number | null"],
    ["Array<Foo>", "Array<number>"],
  ])("%s → %s", (as, js) => {
    expect(resultType(as)).toBe(js);
  });
});

describe("paramType: what the host accepts", () => {
  it.each([
    ["i32", "number"],
    ["i64", "bigint | number"],
    ["bool", "boolean | 0 | 1"],
    ["string", "string | Owned"],
    ["string | null", "string | Owned | null"],
    ["ArrayBuffer", "ArrayBuffer | ArrayBufferView | Owned"],
    ["Int32Array", "Int32Array | ReadonlyArray<number> | Owned"],
    ["Int64Array", "BigInt64Array | ReadonlyArray<bigint | number> | Owned"],
    ["Array<i32>", "ReadonlyArray<number> | ArrayBufferView | Owned"],
    ["Array<string>", "ReadonlyArray<string | Owned> | Owned"],
    ["Map<string,i32>", "ReadonlyMap<string | Owned, number> | number | Owned"],
    ["Set<i64>", "ReadonlySet<bigint | number> | number | Owned"],
    ["Foo", "number | Owned"],
    ["Foo | null", "number | Owned | null"],
  ])("%s → %s", (as, js) => {
    expect(paramType(as)).toBe(js);
  });
});

const plugin = (name: string, exports: ManifestPlugin["exports"], imports: ManifestPlugin["imports"] = []) => ({ name, exports, imports }) as ManifestPlugin;

describe("pluginTypings", () => {
  const manifest = {
    plugins: [
      plugin("words", {
        split: { params: ["string"], result: "Array<string>" },
        greet: { params: ["string", "string", "i32"], result: "string", optional: 2 },
      }),
      plugin("my-plugin", { "odd name": { params: [], result: "void" } }),
    ],
  } as unknown as Manifest;

  it("declares every plugin and export, sorted, with optional trailing parameters", () => {
    expect(pluginTypings(manifest)).toBe(
      [
        "// Written by shared-rt build: the exports of every plugin, typed as @shared-rt/runner converts them.",
        '// Use: import { typed } from "@shared-rt/runner"; typed<Plugins>(host).plugin.fn(...)',
        'import type { Owned, Raw } from "@shared-rt/runner";',
        "",
        "export interface Plugins {",
        '  "my-plugin": {',
        '    "odd name"(): void;',
        "  };",
        "  words: {",
        "    greet(a0: string | Owned, a1?: string | Owned, a2?: number): string;",
        "    split(a0: string | Owned): Array<string>;",
        "  };",
        "}",
        "",
        "// The functions the project's host module provides, as the runner calls them.",
        "export type HostImports = {",
        "};",
        "",
      ].join("\n"),
    );
  });

  it("does not depend on the order of plugins or exports", () => {
    const reversed = {
      plugins: manifest.plugins.map((p) => ({ ...p, exports: Object.fromEntries(Object.entries(p.exports).reverse()) })).reverse(),
    } as unknown as Manifest;
    expect(pluginTypings(reversed)).toBe(pluginTypings(manifest));
  });
});

describe("pluginTypings: the host's imports", () => {
  const signature = (params: string[], result: string) => ({ params, result });
  const manifest = {
    plugins: [
      plugin("b", {}, [
        { module: "host", name: "log", provider: "host", signature: signature(["string", "usize"], "void") },
        { module: "host", name: "words", provider: "host", signature: signature(["string"], "Array<string>") },
        { module: "my-io", name: "old", provider: "host" },
        { module: "a", name: "f", provider: "plugin:a" },
        { module: "env", name: "abort", provider: "env" },
      ]),
      plugin("a", {}, [
        { module: "host", name: "log", provider: "host", signature: signature(["string", "usize"], "void") },
        { module: "host", name: "big", provider: "host", signature: signature(["i64", "bool"], "Map<string,i32> | null") },
        { module: "host", name: "words", provider: "host", signature: signature(["i32"], "Array<string>") },
      ]),
    ],
  } as unknown as Manifest;

  it("declares each host function with lifted parameters and a lowered result, sorted; plugin and env imports are not the host's", () => {
    const text = pluginTypings(manifest);
    expect(text.slice(text.indexOf("export type HostImports"))).toBe(
      [
        "export type HostImports = {",
        "  host:",
        "    | {",
        "        big: ((a0: bigint, a1: boolean) => ReadonlyMap<string | Owned, number> | number | Owned | null) | Raw;",
        "        log: ((a0: string, a1: number) => void) | Raw;",
        "        words: ((a0: number) => ReadonlyArray<string | Owned> | Owned) & ((a0: string) => ReadonlyArray<string | Owned> | Owned) | Raw;",
        "      }",
        "    | Raw;",
        '  "my-io":',
        "    | {",
        "        old: ((...args: never[]) => unknown) | Raw;",
        "      }",
        "    | Raw;",
        "};",
        "",
      ].join("\n"),
    );
  });

  it("does not depend on the order of plugins or imports", () => {
    const reversed = { plugins: manifest.plugins.map((p) => ({ ...p, imports: [...p.imports].reverse() })).reverse() } as unknown as Manifest;
    expect(pluginTypings(reversed)).toBe(pluginTypings(manifest));
  });
});
