import { describe, expect, it } from "vitest";
import type { ClassLayouts } from "./class-layouts.js";
import type { DispatchLayout } from "./dispatch.js";
import type { Manifest, ManifestImport, ManifestPlugin } from "./manifest.js";
import {
  type CLASS_LAYOUTS_SCHEMA,
  type DISPATCH_LAYOUT_SCHEMA,
  type EXPORT_SIGNATURE_SCHEMA,
  type MANIFEST_IMPORT_SCHEMA,
  type MANIFEST_PLUGIN_SCHEMA,
  type MANIFEST_SCHEMA,
  type PLUGIN_LAYOUT_SCHEMA,
  type RELOCATABLE_LAYOUT_SCHEMA,
  manifestProblem,
} from "./manifest-schema.js";
import type { ExportSignature, PluginLayout } from "./plugin-layout.js";
import type { RelocatableLayout } from "./relocation.js";
import type { Infer } from "./schema.js";

/** Strict type equality (optional vs required, extra optional keys, readonly all count). */
type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

// Type-level: tsc (npm run check) fails here when a field is added to, removed from or changed
// in the interfaces without the schema, or the other way round.
const same: [
  Equals<Infer<typeof MANIFEST_SCHEMA>, Manifest>,
  Equals<Infer<typeof MANIFEST_PLUGIN_SCHEMA>, ManifestPlugin>,
  Equals<Infer<typeof MANIFEST_IMPORT_SCHEMA>, ManifestImport>,
  Equals<Infer<typeof EXPORT_SIGNATURE_SCHEMA>, ExportSignature>,
  Equals<Infer<typeof CLASS_LAYOUTS_SCHEMA>, ClassLayouts>,
  Equals<Infer<typeof DISPATCH_LAYOUT_SCHEMA>, DispatchLayout>,
  Equals<Infer<typeof PLUGIN_LAYOUT_SCHEMA>, PluginLayout>,
  Equals<Infer<typeof RELOCATABLE_LAYOUT_SCHEMA>, RelocatableLayout>,
] = [true, true, true, true, true, true, true, true];

const plugin: ManifestPlugin = {
  name: "words",
  abi: 1,
  file: "words.wasm",
  hash: "sha256-00",
  memory: { base: 1024, end: 2048 },
  table: { base: 4, size: 2 },
  visitorSlots: { globals: 6, members: 7 },
  classes: { base: 2048, count: 1, rttiBase: 1024, names: ["a/A"], layouts: { "a/A": { size: 4, fields: [["x", "i32", 0]] } } },
  imports: [
    { module: "~rt", name: "__new", provider: "runtime" },
    { module: "other", name: "f", provider: "plugin:other" },
  ],
  start: "_start",
  exports: { f: { params: ["i32"], result: "void" } },
};
const manifest: Manifest = {
  abi: 1,
  collector: "incremental",
  memory: { initial: 2 },
  table: { initial: 10 },
  runtime: { file: "runtime.wasm", hash: "sha256-11", memory: { base: 8, end: 512 }, table: { base: 1, size: 3 }, stackTop: 1000 },
  plugins: [plugin],
};
// biome-ignore lint/suspicious/noExplicitAny: the mutations write wrong types on purpose
const mutated = (edit: (m: any) => void) => {
  const copy = structuredClone(manifest);
  edit(copy);
  return copy;
};

describe("the manifest schema", () => {
  it("types equal the Manifest interfaces", () => {
    expect(same.every(Boolean)).toBe(true);
  });

  it("accepts a manifest", () => {
    expect(manifestProblem(manifest)).toBeUndefined();
  });

  it("names the field path, what it expected and what it found", () => {
    expect(manifestProblem(mutated((m) => (m.plugins[0].memory.base = "12")))).toEqual({
      path: "plugins[0].memory.base",
      expected: "a non-negative 32-bit integer",
      found: '"12"',
    });
    expect(manifestProblem(mutated((m) => delete m.runtime.hash))).toMatchObject({ path: "runtime.hash", found: "nothing" });
    expect(manifestProblem(mutated((m) => (m.plugins[0].imports[1].provider = 7)))).toMatchObject({ path: "plugins[0].imports[1].provider" });
    expect(manifestProblem(mutated((m) => (m.plugins[0].classes.layouts["a/A"].fields[0][2] = -1)))).toMatchObject({
      path: 'plugins[0].classes.layouts["a/A"].fields[0][2]',
    });
    expect(manifestProblem(mutated((m) => (m.collector = "other")))).toMatchObject({ expected: '"incremental" or "minimal"' });
    expect(manifestProblem(null)).toMatchObject({ path: "(root)", expected: "an object", found: "null" });
    expect(manifestProblem(mutated((m) => (m.memory.initial = 70000)))).toMatchObject({ path: "memory.initial", expected: "an integer in 0..65536" });
  });

  it("refuses a wrong value in every field (its fast test agrees with the walk that names the field)", () => {
    const leaves: [(string | number)[], unknown][] = [];
    const walk = (value: unknown, path: (string | number)[]) => {
      leaves.push([path, value]);
      if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) walk(v, [...path, Array.isArray(value) ? Number(k) : k]);
    };
    walk(manifest, []);
    const wrong = (value: unknown): unknown[] =>
      typeof value === "number" ? ["1", 1.5, -1, null] : typeof value === "string" ? [1, null, []] : Array.isArray(value) ? [{}, "x"] : [[], 0, null];
    let checked = 0;
    for (const [path, value] of leaves.slice(1)) {
      for (const bad of wrong(value)) {
        const m = mutated((m) => {
          path.slice(0, -1).reduce((o, k) => o[k], m)[path[path.length - 1]] = bad;
        });
        expect(manifestProblem(m), `${path.join(".")} = ${JSON.stringify(bad)}`).toBeDefined();
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(100);
  });
});
