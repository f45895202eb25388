import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempProject, type TempProject } from "@shared-rt/linker/testing";
import { PluginCallError, type SharedHost } from "@shared-rt/runner";
import { loadManifestFile } from "@shared-rt/runner/node";
import { failure } from "./expect-failure.js";

const source = (name: string) => readFile(new URL(`./plugins/${name}`, import.meta.url), "utf8");

for (const collector of ["incremental", "minimal"] as const) {
  describe(`JS values in and out of plugin exports (${collector} collector)`, () => {
    let project: TempProject;
    let host: SharedHost;

    beforeAll(async () => {
      project = await tempProject(
        { "interop.ts": await source("interop.ts"), "other.ts": await source("other.ts") },
        { plugins: { interop: { entry: "interop.ts" }, other: { entry: "other.ts" } }, collector, optimizeLevel: 1 },
      );
      host = await loadManifestFile((await project.build()).manifestPath);
    });
    afterAll(() => project.remove());

    it("converts numbers by their AssemblyScript type", () => {
      expect(host.call("interop", "add", 2, 3)).toBe(5);
      expect(host.call("interop", "unsigned", 0)).toBe(0xffffffff);
      expect(host.call("interop", "small", 200, -100)).toBe(100);
      expect(host.call("interop", "big", 2n ** 64n - 2n)).toBe(2n ** 64n - 1n);
      expect(host.call("interop", "big", 41)).toBe(42n);
      expect(host.call("interop", "negate", false)).toBe(true);
      expect(host.call("interop", "half", 3)).toBe(1.5);
    });

    it("converts Array<T> of numbers, booleans and 64-bit integers both ways", () => {
      expect(host.call("interop", "sum", [1, 2, 3, 4])).toBe(10);
      expect(host.call("interop", "sum", new Int32Array([5, 6]))).toBe(11);
      expect(host.call("interop", "sum", [])).toBe(0);
      expect(host.call("interop", "range", 5)).toEqual([0, 1, 2, 3, 4]);
      expect(host.call("interop", "scale", [1, 2.5], 2)).toEqual([2, 5]);
      expect(host.call("interop", "flags", [true, false])).toEqual([false, true]);
      expect(host.call("interop", "bigs", [1n, -1n, 3])).toEqual([2n, 2n ** 64n - 2n, 6n]);
    });

    it("converts strings and arrays of strings, nullable ones and nested arrays", () => {
      expect(host.call("interop", "join", ["a", "b", "c"], "-")).toBe("a-b-c");
      expect(host.call("interop", "split", "x,y,,z", ",")).toEqual(["x", "y", "", "z"]);
      expect(host.call("interop", "present", ["a", null])).toEqual([null, "null"]);
      expect(host.call("interop", "totals", [[1, 2], [], [3, 4, 5]])).toEqual([3, 0, 12]);
      expect(host.call("interop", "matrix", 2)).toEqual([
        ["0,0", "0,1"],
        ["1,0", "1,1"],
      ]);
      expect(host.call("interop", "maybe", null)).toBe(null);
      expect(host.call("interop", "maybe", "hi")).toBe("hi!");
      expect(host.call("interop", "join", ["\uD800", "é", "😀"], "")).toBe("\uD800é😀");
    });

    it("converts ArrayBuffers, typed arrays and StaticArrays", () => {
      expect(host.call("interop", "byteSum", new Uint8Array([1, 2, 250]).buffer)).toBe(253);
      expect(host.call("interop", "byteSum", new Uint16Array([0x0101]))).toBe(2);
      const bytes = host.call("interop", "bytes", 4) as ArrayBuffer;
      expect(bytes).toBeInstanceOf(ArrayBuffer);
      expect([...new Uint8Array(bytes)]).toEqual([0, 7, 14, 21]);
      const inc = host.call("interop", "incremented", new Uint8Array([0, 41, 255]));
      expect(inc).toEqual(new Uint8Array([1, 42, 0]));
      expect(host.call("interop", "incremented", [1, 2])).toEqual(new Uint8Array([2, 3]));
      // A subarray shares its buffer: only its own elements come back.
      expect(host.call("interop", "tail", new Int32Array([1, 2, 3, 4]), 2)).toEqual(new Int32Array([3, 4]));
      expect(host.call("interop", "squares", new Float64Array([1.5, -2]))).toEqual(new Float64Array([2.25, 4]));
      expect(host.call("interop", "wides", new BigInt64Array([5n, -7n]))).toEqual(new BigInt64Array([-5n, 7n]));
      expect(host.call("interop", "clamp", new Uint8ClampedArray(3))).toBe(3);
      expect(host.call("interop", "staticSum", [0.5, 0.25, 2])).toBe(2.75);
      expect(host.call("interop", "staticSum", new Float64Array([1, 2]))).toBe(3);
      expect(host.call("interop", "staticNames", 3)).toEqual(["n0", "n1", "n2"]);
    });

    it("allocates arrays with the class id of the plugin that receives them", () => {
      expect(host.call("interop", "ownId", [1])).toBe(true);
      expect(host.call("other", "ownId", [1])).toBe(true);
      const interopIds = host.plugin("interop").classNames;
      const otherIds = host.plugin("other").classNames;
      expect(interopIds).toContain("~lib/array/Array<i32>");
      expect(otherIds).toContain("~lib/array/Array<i32>");
    });

    it("keeps arguments alive while building them, even when the collector runs in between", () => {
      // Thousands of allocations: incremental collection steps run while the array is built.
      const words = Array.from({ length: 20_000 }, (_, i) => `word${i}`);
      expect(host.call("interop", "join", words, " ")).toBe(words.join(" "));
      const rows = Array.from({ length: 2_000 }, (_, i) => [i, i + 1, i + 2]);
      expect(host.call("interop", "totals", rows)).toEqual(rows.map(([a, b, c]) => a + b + c));
      expect(host.pins.size).toBe(0);
    });

    it("survives memory growth: arguments larger than the memory, results after growing", () => {
      const pages = host.memory.buffer.byteLength / 65536;
      const big = new Uint8Array(4 << 20).fill(1);
      expect(host.call("interop", "byteSum", big)).toBe(4 << 20);
      expect(host.memory.buffer.byteLength / 65536).toBeGreaterThan(pages);
      const grown = host.call("interop", "grow", 2048) as number;
      expect(grown).toBeGreaterThan(pages + 32);
      expect(host.call("interop", "range", 3)).toEqual([0, 1, 2]);
      expect(host.call("interop", "join", ["after", "growth"], " ")).toBe("after growth");
      host.call("interop", "release");
    });

    it("names plugin, export, argument, expected and found type for a bad argument", () => {
      let error = failure(() => host.call("interop", "sum", [1, "2"]));
      expect(error).toBeInstanceOf(PluginCallError);
      expect(error).toMatchObject({ code: "BAD_ARGUMENT", plugin: "interop", export: "sum" });
      expect(error.message).toBe('argument 1 of interop.sum is Array<i32>: expected an integer from -2147483648 to 2147483647 at [1], found "2"');

      error = failure(() => host.call("interop", "join", "abc", "-"));
      expect(error.message).toBe('argument 1 of interop.join is Array<string>: expected an array or an owned Array<string>, found "abc"');

      error = failure(() => host.call("interop", "totals", [[1], [2, 3.5]]));
      expect(error.message).toBe("argument 1 of interop.totals is Array<Array<i32>>: expected an integer from -2147483648 to 2147483647 at [1][1], found 3.5");

      error = failure(() => host.call("interop", "squares", new Int32Array(2)));
      expect(error.message).toBe(
        "argument 1 of interop.squares is Float64Array: expected a Float64Array, an array of numbers or an owned Float64Array, found Int32Array(2)",
      );

      error = failure(() => host.call("interop", "small", 256, 0));
      expect(error.message).toBe("argument 1 of interop.small is u8: expected an integer from 0 to 255, found 256");

      error = failure(() => host.call("interop", "join", ["a", null], ","));
      expect(error.message).toBe("argument 1 of interop.join is Array<string>: expected a string or an owned string at [1], found null");

      error = failure(() => host.call("interop", "add", 1));
      expect(error).toMatchObject({ code: "BAD_ARGUMENT", plugin: "interop", export: "add" });
      expect(error.message).toBe("interop.add(i32, i32) takes 2 argument(s), got 1");

      error = failure(() => host.call("interop", "nope"));
      expect(error).toMatchObject({ code: "NO_SUCH_EXPORT", plugin: "interop", export: "nope" });

      error = failure(() => host.call("interop", "pointSum", 1234567));
      expect(error.message).toBe(
        "argument 1 of interop.pointSum is Point: expected an owned Point or its address, found address 1234567, which is not an object",
      );

      error = failure(() => host.call("interop", "join", ["a", "b"], 5));
      expect(error.message).toBe("argument 2 of interop.join is string: expected a string or an owned string, found 5");
      // Nothing stays pinned after a refused call, even one refused halfway through its arguments.
      expect(host.pins.size).toBe(0);
    });

    it("hands out a class it cannot convert as its address, which it accepts back checked", () => {
      const p = host.call("interop", "point", 3, 4) as number;
      expect(typeof p).toBe("number");
      expect(host.call("interop", "pointSum", p)).toBe(7);
      const s = host.newString("not a point");
      const error = failure(() => host.call("interop", "pointSum", s));
      expect(error.message).toBe(`argument 1 of interop.pointSum is Point: expected Point, found address ${s}, which is a string of the runtime`);
      host.unpin(s);
    });
  });
}
