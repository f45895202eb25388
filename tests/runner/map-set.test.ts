import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempProject, type TempProject } from "@shared-rt/linker/testing";
import { type SharedHost, ValueError } from "@shared-rt/runner";
import { loadManifestFile } from "@shared-rt/runner/node";
import { failure } from "./expect-failure.js";

const source = (name: string) => readFile(new URL(`./plugins/${name}`, import.meta.url), "utf8");

/** What `withDeletions(n)` leaves, computed in JS: keys 0..n-1, every third deleted. */
function withDeletions(n: number): Map<string, number> {
  const m = new Map<string, number>();
  for (let i = 0; i < n; ++i) m.set(`k${i}`, i);
  for (let i = 0; i < n; i += 3) m.delete(`k${i}`);
  return m;
}

// AssemblyScript's own HASH<T>, as the plugin computes it; packages/runner/test/map-set.test.ts
// checks the host's hash against the same numbers.
const HASHES = {
  string: [
    ["", 46947589],
    ["a", 428027730],
    ["abcdefghijklmnopqrstuvwxyz", 3478081051],
    ["\uD800é😀xyz", 3101541938],
  ],
  i8: [
    [-1, 3840407638],
    [127, 319438975],
  ],
  i64: [
    [-1n, 3246573273],
    [2n ** 40n + 3n, 1847158631],
  ],
  f64: [[1.5, 4214172771]],
} as const;

for (const collector of ["incremental", "minimal"] as const) {
  for (const optimizeLevel of [0, 3]) {
    describe(`Map and Set across the host boundary (${collector} collector, -O${optimizeLevel})`, () => {
      let project: TempProject;
      let host: SharedHost;
      const call = (name: string, ...args: unknown[]) => host.call("collections", name, ...args);

      beforeAll(async () => {
        project = await tempProject(
          { "collections.ts": await source("collections.ts"), "counter.ts": await source("counter.ts") },
          { plugins: { collections: { entry: "collections.ts" }, counter: { entry: "counter.ts" } }, collector, optimizeLevel },
        );
        host = await loadManifestFile((await project.build()).manifestPath);
      });
      afterAll(() => project.remove());

      it("returns Map and Set as JS Map and Set, in insertion order, deleted entries skipped", () => {
        const counts = call("wordCounts", "b a c a b a") as Map<string, number>;
        expect(counts).toBeInstanceOf(Map);
        expect([...counts]).toEqual([
          ["b", 2],
          ["a", 3],
          ["c", 1],
        ]);
        expect([...(call("names", 3) as Map<number, string>)]).toEqual([
          [15, "n2"],
          [5, "n1"],
          [-5, "n0"],
        ]);
        const tags = call("tags") as Set<string>;
        expect(tags).toBeInstanceOf(Set);
        expect([...tags]).toEqual(["red", "green", "blue"]);
        expect([...(call("ids", 3) as Set<bigint>)]).toEqual([-7n, 0x100000001n - 7n, 0x200000002n - 7n]);
        for (const n of [4, 12, 50]) expect([...(call("withDeletions", n) as Map<string, number>)]).toEqual([...withDeletions(n)]);
        expect(call("emptyMap")).toEqual(new Map());
        expect(call("emptySet")).toEqual(new Set());
        expect(call("maybeMap", false)).toBe(null);
        expect(call("maybeMap", true)).toEqual(
          new Map([
            ["a", 2],
            ["b", 1],
          ]),
        );
        expect(call("byLength", ["a", "bb", "cc", "d"])).toEqual(
          new Map([
            [1, new Set(["a", "d"])],
            [2, new Set(["bb", "cc"])],
          ]),
        );
      });

      it("builds Map and Set arguments that the plugin's own get, has, size, set, delete and iteration work on", () => {
        const m = new Map([
          ["x", 1],
          ["y", 2],
          ["z", 3],
        ]);
        expect(call("get", m, "y")).toBe(2);
        expect(call("get", m, "q")).toBe(-1);
        expect(call("has", m, "z")).toBe(true);
        expect(call("has", m, "Z")).toBe(false);
        expect(call("size", m)).toBe(3);
        expect(call("keysOf", m)).toBe("x,y,z");
        expect(call("valuesOf", m)).toEqual([1, 2, 3]);
        // Adding past the capacity the host gave it makes the plugin rehash the host's table.
        const more = call("addMore", m, 40) as Map<string, number>;
        expect([...more.keys()]).toEqual(["x", "y", "z", ...Array.from({ length: 40 }, (_, i) => `more${i}`)]);
        expect([...(call("without", m, "y") as Map<string, number>)]).toEqual([
          ["x", 1],
          ["z", 3],
        ]);
        expect(call("addMore", new Map(), 2)).toEqual(
          new Map([
            ["more0", 0],
            ["more1", 1],
          ]),
        );
        expect(call("sizeOrMinus", null)).toBe(-1);
        expect(call("sizeOrMinus", new Map([["a", 1]]))).toBe(1);

        const byId = new Map([
          [7, "seven"],
          [-3, "minus three"],
          [2 ** 31 - 1, "max"],
        ]);
        expect(call("nameOf", byId, -3)).toBe("minus three");
        expect(call("nameOf", byId, 2 ** 31 - 1)).toBe("max");
        expect(call("nameOf", byId, 8)).toBe("?");
        expect(call("namesOf", byId)).toBe("seven,minus three,max");

        const s = new Set(["a", "b"]);
        expect(call("setHas", s, "b")).toBe(true);
        expect(call("setHas", s, "c")).toBe(false);
        expect(call("setSize", s)).toBe(2);
        expect(call("setAdd", s, "c")).toEqual(new Set(["a", "b", "c"]));
        expect(call("setAdd", s, "a")).toEqual(new Set(["a", "b"]));
        expect(call("setJoined", new Set())).toBe("");
        const ids = new Set([1n, 5n, -3n, 2n ** 62n]);
        expect(call("idHas", ids, -3n)).toBe(true);
        expect(call("idHas", ids, 2n ** 62n)).toBe(true);
        expect(call("idHas", ids, 4n)).toBe(false);
        expect(call("idsJoined", ids)).toBe(`1,5,-3,${2n ** 62n}`);
        // 1 and 1n are one i64: the later replaces nothing, the set has one element.
        expect(call("idsJoined", new Set([1n, 1, 2]))).toBe("1,2");
      });

      it("converts nested types both ways", () => {
        const rows = new Map([
          ["a", [1, 2, 3]],
          ["b", []],
          ["c", [10]],
        ]);
        expect(call("sums", rows)).toEqual(
          new Map([
            ["a", 6],
            ["b", 0],
            ["c", 10],
          ]),
        );
        const grouped = call("byLength", ["one", "two", "three"]) as Map<number, Set<string>>;
        expect(call("nestedSize", grouped, 3)).toBe(2);
        expect(call("nestedSize", grouped, 4)).toBe(-1);
      });

      it("finds keys of every numeric type where AssemblyScript's HASH puts them", () => {
        for (const [value, hash] of HASHES.string) expect(call("hashString", value)).toBe(hash);
        for (const [value, hash] of HASHES.i8) expect(call("hashI8", value)).toBe(hash);
        for (const [value, hash] of HASHES.i64) expect(call("hashI64", value)).toBe(hash);
        for (const [value, hash] of HASHES.f64) expect(call("hashF64", value)).toBe(hash);

        const i8 = Array.from({ length: 256 }, (_, i) => i - 128);
        const i8Map = new Map(i8.filter((k) => k % 3 !== 0).map((k) => [k, k % 2 === 0]));
        expect(call("i8Lookup", i8Map, i8)).toEqual(i8.map((k) => (i8Map.has(k) ? (i8Map.get(k) ? 1 : 0) : -1)));
        expect(call("echoI8", i8Map)).toEqual(i8Map);
        const u16Map = new Map([
          [0, 0.5],
          [65535, -2.25],
          [300, 3],
        ]);
        expect(call("u16Lookup", u16Map, [0, 65535, 300, 1])).toEqual([0.5, -2.25, 3, -1]);
        const f64Map = new Map<number, bigint>([
          [1.5, 1n],
          [-2.25, 2n ** 64n - 1n],
          [Number.POSITIVE_INFINITY, 3n],
          [1e-300, 4n],
          [Number.NaN, 5n],
        ]);
        // NaN is never equal to itself in AssemblyScript: it is in the map, but no lookup finds it.
        expect(call("f64Lookup", f64Map, [1.5, -2.25, Number.POSITIVE_INFINITY, 1e-300, Number.NaN, 7])).toEqual([1n, 2n ** 64n - 1n, 3n, 4n, 0n, 0n]);
        expect(call("echoF64", f64Map)).toEqual(f64Map);
        expect(call("f32Has", new Set([0.1, -7.5]), [0.1, -7.5, 0.2])).toEqual([true, true, false]);
        expect(call("boolHas", new Set([true]), [true, false])).toEqual([true, false]);
        const u64 = new Map([
          [0n, "zero"],
          [2n ** 64n - 1n, "max"],
          [2n ** 32n, "2^32"],
        ]);
        expect(call("u64Lookup", u64, [2n ** 64n - 1n, 2n ** 32n, 0n, 1n])).toEqual(["max", "2^32", "zero", "?"]);
      });

      it("builds large tables while the collector runs, finding every key", () => {
        const keys = Array.from({ length: 20_000 }, (_, i) => `key-${i}-${"é".repeat(i % 7)}`);
        const big = new Map(keys.map((k, i) => [k, i]));
        const probes = [...keys.filter((_, i) => i % 7 === 0), "absent", ""];
        expect(call("lookupAll", big, probes)).toEqual(probes.map((k) => big.get(k) ?? -1));
        expect(call("keysOf", big)).toBe(keys.join(","));
        const rows = new Map(keys.slice(0, 5000).map((k, i) => [k, [i, i + 1]]));
        expect(call("sums", rows)).toEqual(new Map(keys.slice(0, 5000).map((k, i) => [k, 2 * i + 1])));
        expect(host.pins.size).toBe(0);
      });

      it("keeps what a plugin stored across collections, and results behind owned handles", () => {
        const m = new Map(Array.from({ length: 30 }, (_, i) => [`w${i}`, i * i]));
        host.call("collections", "keep", m, new Set(["p", "q", "r"]));
        expect(host.pins.size).toBe(0);
        host.collect();
        call("churn", 20_000);
        host.collect();
        expect(call("keptGet", "w29")).toBe(29 * 29);
        expect(call("keptGet", "w30")).toBe(-1);
        expect(call("keptKeys")).toBe([...m.keys()].join(","));
        expect(call("keptSetJoined")).toBe("p,q,r");
        expect(call("keptMap")).toEqual(m);

        const handle = host.callOwned<Map<string, number>>("collections", "wordCounts", "x y x")!;
        host.collect();
        call("churn", 20_000);
        host.collect();
        expect(handle.value).toEqual(
          new Map([
            ["x", 2],
            ["y", 1],
          ]),
        );
        expect(call("get", handle, "x")).toBe(2);
        expect(host.call("counter", "total", handle)).toBe(3);
        handle.dispose();
        call("drop");
        host.collect();
        expect(host.pins.size).toBe(0);
      });

      it("does not leak: the heap is back where it was after many calls with tables", () => {
        host.collect();
        const before = host.heapLive;
        for (let i = 0; i < 100; ++i) {
          call("size", new Map([[`k${i}`, i]]));
          call("sums", new Map([["a", [i]]]));
          call("wordCounts", `a b ${i}`);
        }
        host.collect();
        expect(host.heapLive).toBeLessThanOrEqual(before + 1024);
        expect(host.pins.size).toBe(0);
      });

      it("allocates with the class id of the plugin that receives the table", () => {
        const m = new Map([["a", 1]]);
        expect(call("ownId", m)).toBe(true);
        expect(host.call("counter", "ownId", m)).toBe(true);
        expect(
          host.call(
            "counter",
            "total",
            new Map([
              ["a", 1],
              ["b", 41],
            ]),
          ),
        ).toBe(42);
        expect(host.call("counter", "count", new Set(["a", "b", "c"]))).toBe(3);
      });

      it("own() and lift() take types as the manifest spells them, spaces or not", () => {
        using counts = host.callOwned("collections", "wordCounts", "a b a")!;
        const expected = new Map([
          ["a", 2],
          ["b", 1],
        ]);
        for (const type of ["Map<string,i32>", "Map<string, i32>", "Map<string, i32> | null", "Map< string ,i32 >|null"]) {
          using owned = host.own(counts.ptr, type)!;
          expect(owned.value).toEqual(expected);
          expect(host.lift(counts.ptr, type)).toEqual(expected);
        }
        expect(() => host.own(counts.ptr, "Set<string>")).toThrow(ValueError);
        expect(() => host.own(counts.ptr, "Map<i32, string>")).toThrow(
          `the value is Map<i32, string>: expected Map<i32,string>, found address ${counts.ptr}, which is a Map<string,i32> of plugin 'collections'`,
        );
        using tags = host.callOwned("collections", "tags")!;
        using ownedTags = host.own(tags.ptr, "Set<string>")!;
        expect(ownedTags.value).toEqual(new Set(["red", "green", "blue"]));
        using words = host.callOwned("collections", "words")!;
        expect(host.lift(words.ptr, "Array< string >")).toEqual(["x", "y"]);
        using statics = host.callOwned("collections", "statics")!;
        using ownedStatics = host.own(statics.ptr, "StaticArray<f64> | null")!;
        expect(ownedStatics.value).toEqual([0.5, 1.5]);
        using grouped = host.callOwned("collections", "byLength", ["ab", "c"])!;
        expect(host.lift(grouped.ptr, "Map<i32, Set<string>>")).toEqual(
          new Map([
            [2, new Set(["ab"])],
            [1, new Set(["c"])],
          ]),
        );
        using made = host.allocate("Map<string, i32>", new Map([["k", 5]]), "counter")!;
        expect(host.call("counter", "ownId", made)).toBe(true);
        expect(call("get", made, "k")).toBe(5);
      });

      it("refuses what does not fit, naming the element, and leaves nothing pinned", () => {
        let error = failure(() => call("get", { a: 1 }, "a"));
        expect(error).toMatchObject({ code: "BAD_ARGUMENT", plugin: "collections", export: "get" });
        expect(error.message).toBe(
          "argument 1 of collections.get is Map<string,i32>: expected a Map, an owned Map<string,i32> or its address, found an object (Object)",
        );
        error = failure(() =>
          call(
            "get",
            new Map<string, unknown>([
              ["a", 1],
              ["b", "x"],
            ]),
            "a",
          ),
        );
        expect(error.message).toBe(
          'argument 1 of collections.get is Map<string,i32>: expected an integer from -2147483648 to 2147483647 at .get("b"), found "x"',
        );
        error = failure(() =>
          call(
            "get",
            new Map<unknown, number>([
              ["a", 1],
              [2, 2],
            ]),
            "a",
          ),
        );
        expect(error.message).toBe("argument 1 of collections.get is Map<string,i32>: expected a string or an owned string at .keys()[1], found 2");
        error = failure(() => call("setHas", new Map(), "x"));
        expect(error.message).toBe(
          "argument 1 of collections.setHas is Set<string>: expected a Set, an owned Set<string> or its address, found an object (Map)",
        );
        error = failure(() => call("sums", new Map([["a", [1, "2"]]])));
        expect(error.message).toBe(
          'argument 1 of collections.sums is Map<string,Array<i32>>: expected an integer from -2147483648 to 2147483647 at .get("a")[1], found "2"',
        );
        error = failure(() => call("byLength", new Set(["a"])));
        expect(error.message).toBe("argument 1 of collections.byLength is Array<string>: expected an array or an owned Array<string>, found an object (Set)");
        expect(host.pins.size).toBe(0);

        let refused = failure(() => host.allocate("Map<string, u8>", new Map()));
        expect(refused).toBeInstanceOf(ValueError);
        expect(refused).toMatchObject({ code: "UNSUPPORTED_TYPE" });
        expect(refused.message).toBe("the value is Map<string, u8>, but no loaded plugin uses Map<string,u8>, so it has no class id to allocate one with");
        refused = failure(() => host.allocate("Map<string,v128>", new Map()));
        expect(refused).toMatchObject({ code: "UNSUPPORTED_TYPE" });
        expect(refused.message).toBe("the value is Map<string,v128>, but the host cannot convert v128, so it cannot make one from a JS Map or Set");
        expect(host.pins.size).toBe(0);
      });
    });
  }
}

describe("Map and Set across an isolation boundary", () => {
  let project: TempProject;
  let host: SharedHost;

  beforeAll(async () => {
    const iso = [
      "export function doubled(m: Map<string, i32>): Map<string, i32> {",
      "  const out = new Map<string, i32>();",
      "  const keys = m.keys();",
      '  for (let i = 0; i < keys.length; ++i) out.set(keys[i] + "!", m.get(keys[i]) * 2);',
      "  return out;",
      "}",
      "export function union(a: Set<string>, b: Set<string>): Set<string> {",
      "  const v = b.values();",
      "  for (let i = 0; i < v.length; ++i) a.add(v[i]);",
      "  return a;",
      "}",
    ].join("\n");
    const app = [
      '@external("iso", "doubled") declare function doubled(m: Map<string, i32>): Map<string, i32>;',
      "export function run(): string {",
      "  const m = new Map<string, i32>();",
      '  m.set("a", 1);',
      '  m.set("b", 2);',
      "  const r = doubled(m);",
      '  return r.keys().join(",") + "=" + r.get("b!").toString();',
      "}",
    ].join("\n");
    project = await tempProject(
      { "iso.ts": iso, "app.ts": app },
      { plugins: { app: { entry: "app.ts" }, iso: { entry: "iso.ts", isolated: true } }, optimizeLevel: 1 },
    );
    host = await loadManifestFile((await project.build()).manifestPath);
  });
  afterAll(() => project.remove());

  it("copies them out of one memory into the other, both ways", () => {
    expect(host.call("app", "run")).toBe("a!,b!=4");
    expect(host.call("iso", "doubled", new Map([["x", 5]]))).toEqual(new Map([["x!", 10]]));
    expect(host.call("iso", "union", new Set(["a", "b"]), new Set(["b", "c"]))).toEqual(new Set(["a", "b", "c"]));
    expect(host.pins.size).toBe(0);
    expect(host.hostOf("iso").pins.size).toBe(0);
  });
});
