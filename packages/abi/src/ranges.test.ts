import { describe, expect, it } from "vitest";
import type { Manifest } from "./manifest.js";
import { describeOverlap, firstOverlap, manifestRanges } from "./ranges.js";

describe("firstOverlap", () => {
  it("finds the first two ranges that overlap, in start order", () => {
    const found = firstOverlap([
      { owner: "plugin 'b'", start: 2000, end: 3000 },
      { owner: "plugin 'a'", start: 1024, end: 2048 },
    ]);
    expect(found && describeOverlap("memory", found)).toBe("memory ranges overlap: plugin 'a' has 1024..2047, plugin 'b' has 2000..2999");
  });

  it("lets ranges touch, and empty ranges lie anywhere", () => {
    expect(
      firstOverlap([
        { owner: "a", start: 0, end: 10 },
        { owner: "b", start: 10, end: 20 },
        { owner: "c", start: 5, end: 5 },
      ]),
    ).toBeUndefined();
  });
});

describe("manifestRanges", () => {
  const plugin = (name: string, memory: [number, number], table: [number, number], classes: [number, number], extra = {}) => ({
    name,
    abi: 1,
    file: `${name}.wasm`,
    hash: "sha256-0",
    memory: { base: memory[0], end: memory[1] },
    table: { base: table[0], size: table[1] },
    visitorSlots: { globals: 0, members: 0 },
    classes: { base: classes[0], count: classes[1], rttiBase: 0 },
    imports: [],
    start: "_start",
    exports: {},
    ...extra,
  });
  const manifest = {
    abi: 1,
    collector: "incremental",
    memory: { initial: 2 },
    table: { initial: 40 },
    runtime: { file: "runtime.wasm", hash: "sha256-0", memory: { base: 4096, end: 6000 }, table: { base: 30, size: 8 }, stackTop: 40000 },
    plugins: [
      plugin("a", [1024, 2048], [1, 10], [32, 4]),
      plugin("iso", [1024, 4000], [1, 20], [32, 9], { isolated: true }),
      plugin("late", [0, 0], [0, 3], [0, 2], { relocatable: true }),
    ],
  } as unknown as Manifest;

  it("lists the shared plugins, the runtime and the shadow stack; not isolated or relocatable plugins", () => {
    const ranges = manifestRanges(manifest);
    expect(ranges.memory.map((r) => r.owner)).toEqual(["plugin 'a'", "the runtime", "the shared shadow stack"]);
    expect(ranges.table.map((r) => [r.start, r.end])).toEqual([
      [1, 11],
      [30, 38],
    ]);
    expect(ranges["class-id"]).toEqual([{ owner: "plugin 'a'", start: 32, end: 36 }]);
    expect(Object.values(ranges).map(firstOverlap)).toEqual([undefined, undefined, undefined]);
  });
});
