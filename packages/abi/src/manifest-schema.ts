/**
 * The one schema of `manifest.json`: the linker checks what it writes against it, and a host
 * what it reads (Node and browsers), before trusting a single field. manifest-schema.test.ts
 * holds its inferred type equal to {@link Manifest}, so the two cannot drift apart.
 */
import { MAX_THREADS } from "./threads.js";
import type { Manifest } from "./manifest.js";
import { COLLECTORS } from "./namespaces.js";
import { array, boolean, describeProblem, either, integer, object, oneOf, optional, prefixed, record, string, tuple, type SchemaProblem } from "./schema.js";

const count = integer();
const strings = array(string);

export const EXPORT_SIGNATURE_SCHEMA = object({
  params: strings,
  result: string,
  wasm: optional(string),
  optional: optional(count),
  bases: optional(record(strings)),
});

export const CLASS_LAYOUTS_SCHEMA = record(
  object({
    base: optional(string),
    size: count,
    fields: optional(array(tuple(string, string, count))),
  }),
);

export const DISPATCH_LAYOUT_SCHEMA = object({
  stubs: array(
    object({
      method: string,
      declaring: count,
      ordinal: optional(count),

      slot: optional(count),
      cases: array(count),
      inherits: array(count),
    }),
  ),
  isA: record(array(count)),
});

export const MANIFEST_IMPORT_SCHEMA = object({
  module: string,
  name: string,
  provider: either(oneOf(["runtime", "env", "load", "host"]), prefixed("plugin:")),
  signature: optional(EXPORT_SIGNATURE_SCHEMA),
  async: optional(boolean),
  blocking: optional(boolean),
});

export const MANIFEST_PLUGIN_SCHEMA = object({
  name: string,
  abi: count,
  file: string,
  hash: string,
  relocatable: optional(boolean),
  isolated: optional(boolean),
  memory: object({ base: count, end: count }),
  table: object({ base: count, size: count }),
  slot: optional(
    object({
      memory: object({ base: count, size: count }),
      table: object({ base: count, size: count }),
      classes: object({ base: count, count }),
    }),
  ),
  visitorSlots: object({ globals: count, members: count }),
  classes: object({
    base: count,
    count,
    rttiBase: count,
    names: optional(strings),
    ids: optional(array(count)),
    bases: optional(record(strings)),
    layouts: optional(CLASS_LAYOUTS_SCHEMA),
  }),
  imports: array(MANIFEST_IMPORT_SCHEMA),
  start: string,
  exports: record(EXPORT_SIGNATURE_SCHEMA),
  dispatch: optional(DISPATCH_LAYOUT_SCHEMA),
});

/** Pages of a wasm32 memory: at most 65536 (4 GiB). */
const pages = integer(0, 65536);

export const MANIFEST_SCHEMA = object({
  abi: count,
  compiler: optional(string),
  collector: oneOf(COLLECTORS as readonly ["incremental", "minimal"]),
  host: optional(string),
  memory: object({ initial: pages, maximum: optional(pages) }),
  table: object({ initial: integer(0, 10_000_000) }),
  runtime: object({
    file: string,
    hash: string,
    memory: object({ base: count, end: count }),
    table: object({ base: count, size: count }),
    stackTop: count,
  }),
  plugins: array(MANIFEST_PLUGIN_SCHEMA),
  sharedClasses: optional(object({ base: count, names: strings })),
  threads: optional(object({ count: integer(1, MAX_THREADS), stackSize: count })),
});

const BLOCK_SCHEMA = object({
  kind: oneOf(["object", "raw"]),
  at: count,
  size: count,
  id: optional(count),
  address: count,
  zeros: optional(array(count)),
});

export const RELOCATABLE_LAYOUT_SCHEMA = object({
  bases: object({ memory: count, table: count, classes: count, shared: optional(count) }),
  blocks: array(BLOCK_SCHEMA),
  relocations: array(
    object({
      block: count,
      offset: count,
      kind: oneOf(["memory", "table", "classes", "shared"]),
      value: count,
      target: optional(count),
      targetOffset: optional(count),
    }),
  ),
  rttiBlock: integer(-1),
});

/**
 * The `shared-rt.layout` section of a plugin: a host reads a relocatable plugin's classes,
 * imports and static blocks from it, so it is checked like a manifest.
 */
export const PLUGIN_LAYOUT_SCHEMA = object({
  abi: count,
  compiler: optional(string),
  collector: oneOf(COLLECTORS as readonly ["incremental", "minimal"]),
  shadowStack: boolean,
  memory: object({ base: count, end: count }),
  table: object({ base: count, size: count }),
  classes: object({
    base: count,
    count,
    rttiBase: count,
    names: strings,
    ids: optional(array(count)),
    bases: optional(record(strings)),
    layouts: optional(CLASS_LAYOUTS_SCHEMA),
  }),
  start: string,
  runtimeImports: strings,
  exports: record(EXPORT_SIGNATURE_SCHEMA),
  imports: record(EXPORT_SIGNATURE_SCHEMA),
  sharedGlobals: optional(array(object({ name: string, at: string }))),
  relocatable: optional(RELOCATABLE_LAYOUT_SCHEMA),
  dispatch: optional(DISPATCH_LAYOUT_SCHEMA),
});

/** The first field of a parsed layout section that does not fit {@link PLUGIN_LAYOUT_SCHEMA}. */
export function pluginLayoutProblem(value: unknown): SchemaProblem | undefined {
  return PLUGIN_LAYOUT_SCHEMA.check(value, "(root)");
}

/** The first field of `value` that does not fit the manifest schema; undefined for a valid manifest. */
export function manifestProblem(value: unknown): SchemaProblem | undefined {
  return MANIFEST_SCHEMA.check(value, "(root)");
}

/** Whether `value` is a manifest (every field of the right type; ranges are checked apart, see manifest-ranges.ts). */
export function isManifest(value: unknown): value is Manifest {
  return manifestProblem(value) === undefined;
}

export { describeProblem as describeManifestProblem };
