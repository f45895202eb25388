import { describe, expect, it } from "vitest";
import type { Manifest, ManifestPlugin } from "./manifest.js";
import { manifestCheckProblems, namedManifestProblems, unsafeFileReason } from "./manifest-checks.js";

const plugin = (name: string, memory: [number, number], table: [number, number], visitors: [number, number], classes: [number, number]): ManifestPlugin => ({
  name,
  abi: 1,
  file: `${name}.wasm`,
  hash: "sha256-0",
  memory: { base: memory[0], end: memory[1] },
  table: { base: table[0], size: table[1] },
  slot: { memory: { base: memory[0], size: 1024 }, table: { base: table[0], size: table[1] + 2 }, classes: { base: classes[0], count: classes[1] } },
  visitorSlots: { globals: visitors[0], members: visitors[1] },
  classes: { base: classes[0], count: classes[1], rttiBase: memory[0] },
  imports: [],
  start: "_start",
  exports: {},
});
const manifest = (edit: (m: Manifest) => void = () => {}): Manifest => {
  const m: Manifest = {
    abi: 1,
    collector: "incremental",
    memory: { initial: 1 },
    table: { initial: 12 },
    runtime: { file: "runtime.wasm", hash: "sha256-1", memory: { base: 3072, end: 4000 }, table: { base: 10, size: 2 }, stackTop: 8000 },
    plugins: [plugin("a", [1024, 1100], [1, 2], [3, 4], [2048, 1]), plugin("b", [2048, 2100], [5, 3], [8, 9], [2049, 1])],
  };
  edit(m);
  return m;
};
const first = (m: Manifest) => manifestCheckProblems(m)[0];

describe("manifestCheckProblems", () => {
  it("accepts a manifest the linker could have written", () => {
    expect(manifestCheckProblems(manifest())).toEqual([]);
  });

  it("refuses ranges outside the declared memory and table", () => {
    expect(first(manifest((m) => (m.runtime.stackTop = 70000)))).toMatchObject({ path: "runtime.stackTop", kind: "invalid" });
    expect(first(manifest((m) => (m.table.initial = 9)))).toMatchObject({ path: "runtime.table" });
    expect(first(manifest((m) => (m.plugins[1].memory.end = 2000)))).toMatchObject({ path: "plugins[1].memory", plugin: "b" });
    expect(first(manifest((m) => (m.memory.maximum = 0)))).toMatchObject({ path: "memory.maximum" });
  });

  it("refuses unaligned bases, visitor slots outside the plugin's slot and an RTTI table outside its memory", () => {
    expect(first(manifest((m) => (m.plugins[0].memory.base = 1025)))).toMatchObject({ path: "plugins[0].memory.base" });
    expect(first(manifest((m) => (m.plugins[0].visitorSlots.members = 0)))?.message).toMatch(
      /visitor slot 0\.\.0 of plugin 'a' is outside its reserved slot 1\.\.4/,
    );
    expect(first(manifest((m) => (m.plugins[1].classes.rttiBase = 16)))).toMatchObject({ path: "plugins[1].classes.rttiBase" });
  });

  it("names two owners of the same range as an overlap", () => {
    expect(first(manifest((m) => (m.plugins[1].classes.base = 2048)))).toMatchObject({ kind: "overlap", plugin: "b" });
    const p = manifest((m) => {
      m.plugins[1].memory = { base: 1056, end: 1100 };
      m.plugins[1].classes.rttiBase = 1056;
      m.plugins[1].slot!.memory.base = 1056;
    });
    expect(first(p)?.message).toMatch(/^memory ranges overlap: plugin 'a' has 1024\.\.1099, plugin 'b' has 1056\.\.1099/);
  });

  it("lets relocatable plugins through with zero ranges", () => {
    const m = manifest((m) => {
      m.plugins.push({ ...plugin("r", [0, 0], [0, 0], [0, 0], [0, 0]), relocatable: true, slot: undefined });
    });
    expect(manifestCheckProblems(m)).toEqual([]);
  });

  it("refuses file names that leave the build directory, the host module's with a word on rebuilding", () => {
    expect(["a.wasm", "sub/a.wasm", "..a.wasm"].map(unsafeFileReason)).toEqual([undefined, undefined, undefined]);
    expect(unsafeFileReason("../a.wasm")).toMatch(/outside/);
    expect(unsafeFileReason("/etc/passwd")).toMatch(/absolute/);
    expect(unsafeFileReason("https://example.com/a.wasm")).toMatch(/URL/);
    expect(unsafeFileReason("C:\\a.wasm")).toMatch(/absolute/);
    expect(first(manifest((m) => (m.host = "../host.mjs")))?.message).toMatch(/host '\.\.\/host\.mjs' .*rebuild the project/);
  });

  it("finds the same problems with and without its fast path for sound manifests, for every number moved", () => {
    // Every numeric field of the manifest, moved by each delta: the fast path must refuse
    // exactly what the named checks refuse.
    const paths: (string | number)[][] = [];
    const walk = (value: unknown, path: (string | number)[]) => {
      if (typeof value === "number") paths.push(path);
      else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) walk(v, [...path, Array.isArray(value) ? Number(k) : k]);
    };
    walk(manifest(), []);
    expect(paths.length).toBeGreaterThan(30);
    let refused = 0;
    for (const path of paths) {
      for (const delta of [-2048, -1024, -16, -2, -1, 1, 2, 15, 16, 1024, 65536]) {
        const m = manifest((m) => {
          // biome-ignore lint/suspicious/noExplicitAny: a walk down a manifest by a path of keys
          const parent = path.slice(0, -1).reduce<any>((o, k) => o[k], m);
          parent[path[path.length - 1]] += delta;
        });
        const named = namedManifestProblems(m);
        expect(manifestCheckProblems(m), `${path.join(".")} ${delta}`).toEqual(named);
        if (named.length) refused++;
      }
    }
    expect(refused).toBeGreaterThan(100);
    for (const file of ["", "/a.wasm", "a:b.wasm", "a\\b.wasm", "../a.wasm", "a/../b.wasm", "..a.wasm", "a..wasm"]) {
      const m = manifest((m) => (m.plugins[1].file = file));
      expect(manifestCheckProblems(m)).toEqual(namedManifestProblems(m));
    }
    const twice = manifest((m) => (m.plugins[1].name = "a"));
    expect(manifestCheckProblems(twice)).toEqual(namedManifestProblems(twice));
    expect(manifestCheckProblems(twice)).not.toEqual([]);
  });
});
