import { ABI_VERSION, SharedClassRegistry, type PluginLayout } from "@shared-rt/abi";
import { describe, expect, it } from "vitest";
import type { Slot } from "../src/assign-slots.js";
import type { CompiledPlugin } from "../src/compile-plugin.js";
import { initialPages, makeManifest, manifestEntry } from "../src/make-manifest.js";
import { parseProject } from "../src/project.js";

const project = parseProject("/p/shared-rt.json", {
  plugins: { a: { entry: "a.ts" }, iso: { entry: "iso.ts", isolated: true }, r: { entry: "r.ts", relocatable: true } },
  host: "host.mjs",
  maximumMemory: 2,
});
const [linked, isolated, relocatable] = project.plugins;

function compiled(name: string, relocatable = false): CompiledPlugin {
  const layout = {
    abi: ABI_VERSION,
    memory: { base: 1024, end: 1500 },
    table: { base: 1, size: 3 },
    classes: { base: 32, count: 2, rttiBase: 1400, names: ["A", "B"] },
    start: "_start",
    exports: { f: { params: [], result: "void" } },
    ...(relocatable ? { relocatable: {} } : {}),
  } as unknown as PluginLayout;
  return { name, wasm: new Uint8Array([0, 97, 115, 109]), layout, imports: [], exports: [], diagnostics: [], filesRead: new Map() };
}

const slot: Slot = { memory: { base: 1024, size: 2048 }, table: { base: 1, size: 9 }, classes: { base: 32, count: 10 } };
const runtime = { wasm: new Uint8Array([1]), dataEnd: 4000, heapBase: 70000, tableSize: 5 };

describe("manifestEntry", () => {
  it("describes a linked plugin where it was placed", () => {
    const entry = manifestEntry(linked, compiled("a"), slot, []);
    expect(Object.keys(entry)).toEqual(["name", "abi", "file", "hash", "memory", "table", "slot", "visitorSlots", "classes", "imports", "start", "exports"]);
    expect(entry).toMatchObject({
      file: "a.wasm",
      hash: expect.stringMatching(/^sha256-[0-9a-f]{64}$/),
      memory: { base: 1024, end: 1500 },
      table: { base: 1, size: 3 },
      slot,
      visitorSlots: { globals: 8, members: 9 },
      // It ships without its layout section: the names and bases a host reads are here.
      classes: { base: 32, count: 2, rttiBase: 1400, names: ["A", "B"] },
    });
    expect(entry.classes).not.toHaveProperty("bases");
  });

  it("gathers a linked plugin's class bases from its layout and its imports' signatures", () => {
    const plugin = compiled("a");
    plugin.layout.classes.bases = { Dog: ["Animal"] };
    plugin.layout.imports = {
      "zoo.adopt": { params: ["Puppy"], result: "void", bases: { Puppy: ["Dog", "Animal"] } },
      "zoo.name": { params: ["Dog"], result: "string", bases: { Dog: ["Named", "Animal"] } },
    };
    expect(manifestEntry(linked, plugin, slot, []).classes.bases).toEqual({ Dog: ["Animal", "Named"], Puppy: ["Animal", "Dog"] });
  });

  it("marks an isolated plugin", () => {
    const entry = manifestEntry(isolated, compiled("iso"), slot, []);
    expect(Object.keys(entry).slice(4, 6)).toEqual(["isolated", "memory"]);
    expect(entry.isolated).toBe(true);
  });

  it("gives a relocatable plugin no place, only the sizes the host reserves", () => {
    const entry = manifestEntry(relocatable, compiled("r", true), slot, []);
    expect(Object.keys(entry)).toEqual([
      "name",
      "abi",
      "file",
      "hash",
      "relocatable",
      "memory",
      "table",
      "visitorSlots",
      "classes",
      "imports",
      "start",
      "exports",
    ]);
    expect(entry).toMatchObject({
      relocatable: true,
      memory: { base: 0, end: 0 },
      table: { base: 0, size: 3 },
      visitorSlots: { globals: 0, members: 0 },
      classes: { base: 0, count: 2, rttiBase: 0 },
    });
  });
});

describe("initialPages", () => {
  it("counts the pages below the heap and one heap page", () => {
    expect(initialPages({ ...project, maximumMemory: undefined }, runtime)).toBe(3);
  });

  it("refuses more than the project's maximum", () => {
    expect(() => initialPages(project, runtime)).toThrow(
      expect.objectContaining({
        code: "MEMORY_EXCEEDS_MAXIMUM",
        message:
          "/p/shared-rt.json: maximumMemory is 2 pages, but static data, the shared stack and a first heap page need 3 pages (70000 bytes below the heap)",
      }),
    );
  });
});

describe("makeManifest", () => {
  it("puts the runtime at the start above every plugin, and the host module in the output", () => {
    const manifest = makeManifest(
      project,
      [],
      runtime,
      { memory: 8192, table: 30, classes: 2100 },
      3,
      new SharedClassRegistry({ "~lib/array/Array<i32>": 32 }),
    );
    expect(Object.keys(manifest)).toEqual(["abi", "compiler", "collector", "host", "memory", "table", "runtime", "plugins", "sharedClasses"]);
    expect(manifest.sharedClasses).toEqual({ base: 32, names: ["~lib/array/Array<i32>"] });
    expect(manifest).toMatchObject({
      abi: ABI_VERSION,
      host: "host.mjs",
      memory: { initial: 3, maximum: 2 },
      table: { initial: 35 },
      runtime: { file: "runtime.wasm", memory: { base: 8192, end: 4000 }, table: { base: 30, size: 5 }, stackTop: 70000 },
    });
  });
});
