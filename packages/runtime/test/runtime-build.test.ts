import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import * as abi from "@shared-rt/abi";
import { buildRuntime, runtimeSourceDir } from "../src/index.js";

describe("the runtime's ABI constants", () => {
  it("are the same in the AssemblyScript runtime and in the TypeScript tooling", async () => {
    const source = await readFile(`${runtimeSourceDir}abi.ts`, "utf8");
    const value = (name: string) => Number(new RegExp(`export const ${name}: \\w+ = (-?\\d+|0x[0-9a-f]+);`).exec(source)?.[1]);
    expect(value("SHARED_ABI_VERSION")).toBe(abi.ABI_VERSION);
    expect(value("COMMON_CLASS_IDS")).toBe(abi.COMMON_CLASS_IDS);
    expect(value("FIRST_SHARED_CLASS_ID")).toBe(abi.FIRST_SHARED_CLASS_ID);
    expect(value("FIRST_PLUGIN_CLASS_ID")).toBe(abi.FIRST_PLUGIN_CLASS_ID);
    expect(value("REGISTER_ABI_MISMATCH")).toBe(abi.REGISTER_CODES.abiMismatch);
    expect(value("REGISTER_CLASS_RANGE_RESERVED")).toBe(abi.REGISTER_CODES.classRangeReserved);
    expect(value("REGISTER_CLASS_RANGE_TAKEN")).toBe(abi.REGISTER_CODES.classRangeTaken);
    expect(value("REGISTER_RTTI_MISMATCH")).toBe(abi.REGISTER_CODES.rttiMismatch);
    expect(value("REGISTER_SHARED_FLAGS_MISMATCH")).toBe(abi.REGISTER_CODES.sharedFlagsMismatch);
    expect(value("DISPATCH_MISS_UNREGISTERED")).toBe(abi.DISPATCH_MISS_KINDS.unregistered);
    expect(value("DISPATCH_IS_A") >>> 0).toBe(abi.DISPATCH_IS_A);
    // Every constant the AssemblyScript half declares is one of those compared above.
    expect([...source.matchAll(/export const (\w+)/g)].map((m) => m[1]).sort()).toEqual([
      "COMMON_CLASS_IDS",
      "DISPATCH_IS_A",
      "DISPATCH_MISS_UNREGISTERED",
      "FIRST_PLUGIN_CLASS_ID",
      "FIRST_SHARED_CLASS_ID",
      "REGISTER_ABI_MISMATCH",
      "REGISTER_CLASS_RANGE_RESERVED",
      "REGISTER_CLASS_RANGE_TAKEN",
      "REGISTER_RTTI_MISMATCH",
      "REGISTER_SHARED_FLAGS_MISMATCH",
      "SHARED_ABI_VERSION",
    ]);
  });
});

for (const collector of abi.COLLECTORS) {
  describe(`the ${collector} runtime module`, () => {
    it("exports every runtime function and global of the ABI, and the registry", async () => {
      const build = await buildRuntime({ collector, memoryBase: 4096, tableBase: 1 });
      const module = new WebAssembly.Module(build.wasm as Uint8Array<ArrayBuffer>);
      const exports = new Map(WebAssembly.Module.exports(module).map((e) => [e.name, e.kind]));
      for (const name of Object.keys(abi.RUNTIME_FUNCTIONS)) expect(exports.get(name), name).toBe("function");
      if (collector === "incremental") {
        for (const name of Object.keys(abi.RUNTIME_GLOBALS)) expect(exports.get(name), name).toBe("global");
      }
      expect(exports.get(abi.RUNTIME_EXPORTS.register)).toBe("function");
      expect(exports.get(abi.RUNTIME_EXPORTS.abiVersion)).toBe("function");
      expect(exports.get(abi.RUNTIME_EXPORTS.entries)).toBe("global");
      for (const name of Object.keys(abi.DISPATCH_FUNCTIONS)) expect(exports.get(name), name).toBe("function");
      expect(exports.get(abi.RUNTIME_EXPORTS.dispatchSet)).toBe("function");
      expect(exports.get(abi.RUNTIME_EXPORTS.dispatchMiss)).toBe("global");
      // The collector's dispatchers are wired into the collector, not exported.
      expect([...exports.keys()].filter((n) => /^__shared_dispatch_(globals|members|typeinfo|stacks)$/.test(n))).toEqual([]);
      for (const name of Object.keys(abi.STACK_RANGE_FUNCTIONS)) expect(exports.get(name), name).toBe("function");
      expect(build.dataEnd).toBeGreaterThan(4096);
      expect(build.heapBase).toBeGreaterThanOrEqual(build.dataEnd);
    });

    it("is byte-identical when built twice from the same inputs", async () => {
      const a = await buildRuntime({ collector, memoryBase: 8192, tableBase: 3 });
      const b = await buildRuntime({ collector, memoryBase: 8192, tableBase: 3 });
      expect(Buffer.compare(a.wasm, b.wasm)).toBe(0);
    });

    it("registers plugins and refuses another ABI, reserved ids, taken private ids and shared ids of other flags", async () => {
      const build = await buildRuntime({ collector, memoryBase: 4096, tableBase: 1 });
      const memory = new WebAssembly.Memory({ initial: Math.ceil(build.heapBase / 65536) + 1 });
      const table = new WebAssembly.Table({ initial: 8, element: "anyfunc" });
      const { instance } = await WebAssembly.instantiate(build.wasm as Uint8Array<ArrayBuffer>, {
        env: {
          memory,
          table,
          abort: () => {
            throw new Error("abort");
          },
        },
      });
      const register = instance.exports.__shared_register as (...a: number[]) => number;
      // An RTTI table for two classes at 64: count 6 (4 common + 2), then flags; another at 128
      // whose second class has other flags. Id lists at 256.
      new Uint32Array(memory.buffer, 64, 7).set([6, 0, 0, 0, 0, 1, 2]);
      new Uint32Array(memory.buffer, 128, 7).set([6, 0, 0, 0, 0, 1, 9]);
      const ids = (...list: number[]) => {
        new Uint32Array(memory.buffer, 256, list.length).set(list);
        return 256;
      };
      const P = abi.FIRST_PLUGIN_CLASS_ID;
      expect(register(abi.ABI_VERSION + 1, 1, 2, ids(P, P + 1), 2, 64)).toBe(-1);
      expect(register(abi.ABI_VERSION, 1, 2, ids(4, P), 2, 64)).toBe(-2);
      expect(register(abi.ABI_VERSION, 1, 2, ids(P, P + 1, P + 2), 3, 64)).toBe(-4);
      expect(register(abi.ABI_VERSION, 1, 2, ids(40, P), 2, 64)).toBe(0);
      expect(register(abi.ABI_VERSION, 3, 4, ids(41, P), 2, 64)).toBe(-3);
      expect(register(abi.ABI_VERSION, 3, 4, ids(P + 1, 40), 2, 128)).toBe(-5);
      // Shared id 40 is claimed by the first plugin and accepted from the second with equal flags.
      expect(register(abi.ABI_VERSION, 3, 4, ids(40, P + 1), 2, 64)).toBe(1);
      const typeinfo = instance.exports.__typeinfo as (id: number) => number;
      expect(typeinfo(40)).toBe(1);
      expect(typeinfo(P)).toBe(2);
      expect(typeinfo(P + 1)).toBe(2);
      expect(() => typeinfo(41)).toThrow("abort");
    });
  });
}
