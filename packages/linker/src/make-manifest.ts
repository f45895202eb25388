import {
  ABI_VERSION,
  compilerName,
  describeManifestProblem,
  manifestProblem,
  type Manifest,
  type ManifestImport,
  type ManifestPlugin,
  type PluginLayout,
  type SharedClassRegistry,
} from "@shared-rt/abi";
import { DEFAULT_STACK_SIZE } from "@shared-rt/runtime";
import { version as ascVersion } from "assemblyscript/asc";
import { visitorSlots, type Slot, type SlotStart } from "./assign-slots.js";
import { sha256 } from "./build-cache.js";
import type { LinkedRuntime } from "./build-or-reuse-runtime.js";
import type { CompiledPlugin } from "./compile-plugin.js";
import { LinkError } from "./errors.js";
import { HOST_FILE, RUNTIME_FILE, pluginFile } from "./output-files.js";
import type { Project, ProjectPlugin } from "./project.js";

const PAGE = 65536;

/**
 * A plugin's entry in the manifest. A linked plugin is described where it was placed; a
 * relocatable one has no place until the host loads it, so its addresses are zero and only
 * its sizes (table slots, class ids) say what the host must reserve.
 */
export function manifestEntry(plugin: ProjectPlugin, compiled: CompiledPlugin, slot: Slot, imports: ManifestImport[]): ManifestPlugin {
  const { layout } = compiled;
  const relocatable = Boolean(layout.relocatable);
  // A host checks a plugin it loads later against these.
  const layouts = layout.classes.layouts ? { layouts: layout.classes.layouts } : {};
  const place = relocatable
    ? {
        memory: { base: 0, end: 0 },
        table: { base: 0, size: layout.table.size },
        visitorSlots: { globals: 0, members: 0 },
        classes: { base: 0, count: layout.classes.count, rttiBase: 0, ...layouts },
      }
    : {
        memory: { base: layout.memory.base, end: layout.memory.end },
        table: { base: layout.table.base, size: layout.table.size },
        slot,
        visitorSlots: visitorSlots(slot),
        classes: { base: layout.classes.base, count: layout.classes.count, rttiBase: layout.classes.rttiBase, ...shippedClasses(layout), ...layouts },
      };
  return {
    name: compiled.name,
    abi: layout.abi,
    file: pluginFile(compiled.name),
    hash: sha256(compiled.wasm),
    ...(relocatable ? { relocatable: true } : plugin.isolated ? { isolated: true } : {}),
    ...place,
    imports,
    start: layout.start,
    exports: layout.exports,
    // A linked plugin ships without its layout section; a relocatable one's dispatch is relocated from its section at load.
    ...(!relocatable && layout.dispatch ? { dispatch: layout.dispatch } : {}),
  };
}

/**
 * What a host reads of a linked plugin's classes, which ships without its layout section: their
 * names in compact order with their ids, and every base class its layout and its imports' signatures record (its
 * exports' are in `exports`).
 */
function shippedClasses(layout: PluginLayout): { names: string[]; ids?: number[]; bases?: Record<string, string[]> } {
  const bases: Record<string, Set<string>> = {};
  const add = (record: Record<string, string[]> | undefined) => {
    for (const [cls, list] of Object.entries(record ?? {})) {
      bases[cls] ??= new Set();
      for (const b of list) bases[cls].add(b);
    }
  };
  add(layout.classes.bases);
  for (const signature of Object.values(layout.imports ?? {})) add(signature.bases);
  const sorted = Object.keys(bases)
    .sort()
    .map((cls) => [cls, [...bases[cls]].sort()] as const);
  return {
    names: layout.classes.names,
    ...(layout.classes.ids ? { ids: layout.classes.ids } : {}),
    ...(sorted.length ? { bases: Object.fromEntries(sorted) } : {}),
  };
}

/**
 * Pages the memory starts with: the static data of every plugin and the runtime, the shared
 * stack and a first heap page. Throws when the project's maximumMemory is smaller.
 */
export function initialPages(project: Project, runtime: LinkedRuntime): number {
  const pages = Math.ceil(runtime.heapBase / PAGE) + 1;
  if (project.maximumMemory !== undefined && pages > project.maximumMemory) {
    throw new LinkError(
      "MEMORY_EXCEEDS_MAXIMUM",
      `${project.file}: maximumMemory is ${project.maximumMemory} pages, but static data, the shared stack and a first heap page need ${pages} pages (${runtime.heapBase} bytes below the heap)`,
    );
  }
  return pages;
}

/** The manifest of a linked project: its plugins in load order, the runtime at `start` above them. */
export function makeManifest(
  project: Project,
  plugins: ManifestPlugin[],
  runtime: LinkedRuntime,
  start: SlotStart,
  pages: number,
  registry: SharedClassRegistry,
): Manifest {
  return selfChecked({
    abi: ABI_VERSION,
    compiler: compilerName(ascVersion),
    collector: project.collector,
    // The bundled copy in outDir (bundle-host.ts): the outDir alone is the deployable project.
    ...(project.host ? { host: HOST_FILE } : {}),
    memory: { initial: pages, ...(project.maximumMemory !== undefined ? { maximum: project.maximumMemory } : {}) },
    table: { initial: start.table + runtime.tableSize },
    runtime: {
      file: RUNTIME_FILE,
      hash: sha256(runtime.wasm),
      memory: { base: start.memory, end: runtime.dataEnd },
      table: { base: start.table, size: runtime.tableSize },
      stackTop: runtime.heapBase,
    },
    plugins,
    sharedClasses: registry.toShared(),
    // The threaded runtime's shadow stack holds one region of stackSize bytes per worker.
    ...(project.threads ? { threads: { count: project.threads, stackSize: project.stackSize ?? DEFAULT_STACK_SIZE } } : {}),
  });
}

/**
 * The manifest, checked against the schema every host applies (cheap): a linker that wrote one
 * a host refuses has a bug, better found at the build than at every load. (Its ranges are
 * check-link's; a build with injected faults makes overlapping ones on purpose.)
 */
function selfChecked(manifest: Manifest): Manifest {
  const problem = manifestProblem(manifest);
  if (problem) throw new Error(`internal error: the linker made a manifest a host would refuse (${describeManifestProblem(problem)}); please report it`);
  return manifest;
}
