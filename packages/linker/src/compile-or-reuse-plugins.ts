import path from "node:path";
import { FIRST_PLUGIN_CLASS_ID, sharedClassesFullMessage, type PluginLayout, type SharedClassRegistry } from "@shared-rt/abi";
import { MEMORY_START, TABLE_START, after, emptySlot, fits, newSlot, startsAt, type Slot, type SlotStart } from "./assign-slots.js";
import { hashInputs, inputsUnchanged, readOutput, sha256, type BuildCache, type CachedPlugin } from "./build-cache.js";
import type { BuildEvent, BuildFaults, Report } from "./build-options.js";
import { checkPluginLayout } from "./check-link.js";
import { compilePlugin, compileRelocatable, describeModule, describeShipped, type CompiledPlugin } from "./compile-plugin.js";
import { optimizeAll, type PluginObject } from "./compile-objects.js";
import { LinkError } from "./errors.js";
import { placeRelocatable } from "./link-object.js";
import { optimizeRelocatable, type OptimizeLevels } from "shared-init";
import { threadsOption } from "./object-jobs.js";
import { pluginFile } from "./output-files.js";
import { readPrebuiltPlugin } from "./read-prebuilt-plugin.js";
import { relativePath, type Project, type ProjectPlugin } from "./project.js";
import { agreesWithRegistry, privateDirsOf, recordSharedClasses } from "./shared-classes.js";
import { withoutLayoutSection } from "./strip-layout.js";

/** Every plugin compiled (or reused) in the project file's order, each in its slot. */
export interface PlacedPlugins {
  compiled: CompiledPlugin[];
  slots: Map<string, Slot>;
  /** What the next build's cache remembers of each plugin. */
  cached: Record<string, CachedPlugin>;
  /** Where the next slot starts: the runtime goes there, above every plugin. */
  next: SlotStart;
}

/**
 * Compiles each plugin into its own slot of memory, table and class ids, in the project file's
 * order, each above the previous. A plugin whose inputs and slot start did not change is
 * reused as it is; an edited plugin that still fits its slot (see HEADROOM in assign-slots.ts)
 * keeps it; one that outgrows it gets a new one, which moves every plugin after it. A prebuilt
 * plugin (`"wasm"`) is read, not compiled, and like a relocatable one takes no slot.
 *
 * Shared classes get one id across the plugins (shared-classes.ts): each plugin is compiled
 * with `registry` as it stands, which then records what the plugin used; a previous build is
 * reused only if the registry still gives its shared classes the ids it was built with.
 */
export async function compileOrReusePlugins(
  project: Project,
  previous: BuildCache,
  faults: BuildFaults | undefined,
  report: Report,
  registry: SharedClassRegistry,
  objects?: Map<string, PluginObject>,
): Promise<PlacedPlugins> {
  const placed: PlacedPlugins = {
    compiled: [],
    slots: new Map(),
    cached: {},
    next: { memory: MEMORY_START, table: TABLE_START, classes: FIRST_PLUGIN_CLASS_ID },
  };
  // Built from objects, plugins are placed in this loop and optimized together after it; their
  // events wait for that, so that they report the bytes shipped.
  const deferred: { index: number; event: BuildEvent }[] = [];
  for (const plugin of project.plugins) {
    const started = performance.now();
    const entry = relativePath(project.dir, plugin.wasm ?? plugin.entry!);
    const start = placed.next;
    const earlier = placedAsBefore(plugin, entry, start, previous.plugins[plugin.name]);
    const before = earlier && agreesWithRegistry(registry, earlier.layout) ? earlier : undefined;
    const { result, cached, inputs, object } = await obtain(project, plugin, start, before, faults, registry, objects?.get(plugin.name));
    const { layout, diagnostics } = result;
    checkPluginLayout(plugin.name, layout, project.collector, pluginOrigin(project, plugin));
    recordSharedClasses(registry, plugin.name, layout);
    const slot = slotFor(plugin, layout, start, before, faults);
    const event: BuildEvent = {
      kind: "plugin",
      name: plugin.name,
      ms: performance.now() - started,
      bytes: result.wasm.length,
      cached,
      ...(object ? { object } : {}),
      ...(plugin.wasm !== undefined ? { prebuilt: pluginOrigin(project, plugin) } : {}),
      ...(diagnostics.length ? { diagnostics } : {}),
    };
    if (objects) deferred.push({ index: placed.compiled.length, event });
    else report(event);
    placed.compiled.push(result);
    placed.slots.set(plugin.name, slot);
    placed.cached[plugin.name] = { entry, inputs, slot, layout, hash: sha256(result.wasm) };
    placed.next = after(slot);
    if (faults?.collideClassIds) placed.next.classes = FIRST_PLUGIN_CLASS_ID;
  }
  if (objects) await optimizePlaced(project, placed, deferred, report);
  return placed;
}

/**
 * Optimizes the plugins placed from objects in this build (those not yet optimized), all at
 * once in worker threads, then reports every plugin's event in project order.
 */
async function optimizePlaced(project: Project, placed: PlacedPlugins, deferred: { index: number; event: BuildEvent }[], report: Report): Promise<void> {
  const pending = deferred.filter((d) => d.event.object !== undefined && !project.plugins[d.index].relocatable);
  const started = performance.now();
  const optimized = await optimizeAll(
    pending.map((d) => placed.compiled[d.index].wasm),
    optimizeLevels(project),
  );
  const share = pending.length ? (performance.now() - started) / pending.length : 0;
  pending.forEach((d, k) => {
    const before = placed.compiled[d.index];
    const { wasm, imports, exports } = optimized[k];
    placed.compiled[d.index] = { ...before, wasm, imports, exports };
    placed.cached[before.name].hash = sha256(wasm);
    d.event.bytes = wasm.length;
    d.event.ms += share;
  });
  for (const d of deferred) report(d.event);
}

/**
 * A plugin's module and the inputs it came from: a prebuilt plugin read from its file (reused
 * when the file is unchanged), else the previous build's output if nothing it was compiled from
 * changed, else compiled.
 */
async function obtain(
  project: Project,
  plugin: ProjectPlugin,
  start: SlotStart,
  before: CachedPlugin | undefined,
  faults: BuildFaults | undefined,
  registry: SharedClassRegistry,
  object: PluginObject | undefined,
): Promise<{ result: CompiledPlugin; cached: boolean; inputs: Record<string, string | null>; object?: "compiled" | "cached" }> {
  if (plugin.wasm !== undefined) {
    const prebuilt = await readPrebuiltPlugin(project, { ...plugin, wasm: plugin.wasm }, before);
    return { result: prebuilt.plugin, cached: prebuilt.unchanged, inputs: prebuilt.inputs };
  }
  const reused = before && (await reuse(project, plugin.name, before));
  if (reused) return { result: reused, cached: true, inputs: before!.inputs };
  if (object) {
    const result = linkObject(project, plugin, start, registry, object);
    return { result, cached: false, inputs: object.inputs, object: object.compiled ? "compiled" : "cached" };
  }
  const result = await compile(project, plugin, start, faults, registry);
  return { result, cached: false, inputs: hashInputs(result.filesRead, project.dir) };
}

/** Where a prebuilt plugin comes from, for messages; undefined for a compiled one. */
function pluginOrigin(project: Project, plugin: ProjectPlugin): string | undefined {
  if (plugin.wasm === undefined) return undefined;
  const file = relativePath(project.dir, plugin.wasm);
  return plugin.package === undefined ? file : `package '${plugin.package}', ${file}`;
}

/** The previous build's record of a plugin if it was built from this entry at this place. */
function placedAsBefore(plugin: ProjectPlugin, entry: string, start: SlotStart, before: CachedPlugin | undefined): CachedPlugin | undefined {
  if (before === undefined || before.entry !== entry) return undefined;
  // A relocatable plugin has no place at build time: only its inputs matter.
  const samePlace = plugin.relocatable ? before.layout.relocatable !== undefined : startsAt(before.slot, start) && !before.layout.relocatable;
  return samePlace ? before : undefined;
}

/**
 * The previous build's output of a plugin, if none of its inputs changed and the file is intact.
 * A linked plugin ships without its layout section: its layout is the one the cache kept.
 */
async function reuse(project: Project, name: string, before: CachedPlugin): Promise<CompiledPlugin | undefined> {
  if (!(await inputsUnchanged(before.inputs, project.dir))) return undefined;
  const wasm = await readOutput(path.join(project.outDir, pluginFile(name)), before.hash);
  if (!wasm) return undefined;
  const described = before.layout.relocatable ? describeModule(name, wasm) : describeShipped(name, wasm, before.layout);
  return { ...described, diagnostics: [], filesRead: new Map() };
}

async function compile(
  project: Project,
  plugin: ProjectPlugin,
  start: SlotStart,
  faults: BuildFaults | undefined,
  registry: SharedClassRegistry,
): Promise<CompiledPlugin> {
  const options = {
    privateDirs: privateDirsOf(project, plugin),
    name: plugin.name,
    entry: plugin.entry!,
    baseDir: project.dir,
    collector: project.collector,
    optimizeLevel: project.optimizeLevel,
    shrinkLevel: project.shrinkLevel,
    transforms: project.transforms,
    ...threadsOption(project),
  };
  if (plugin.relocatable) return compileRelocatable(options);
  const linked = await compilePlugin({
    ...options,
    memoryBase: start.memory,
    tableBase: start.table,
    classIdBase: faults?.collideClassIds ? FIRST_PLUGIN_CLASS_ID : start.classes,
    sharedClassIds: registry.toRecord(),
    faults: { ownStack: faults?.ownStacks, noOwnerStubs: faults?.noOwnerStubs?.includes(plugin.name), noDispatch: faults?.noDispatch },
  });
  return { ...linked, wasm: withoutLayoutSection(linked.wasm) };
}

/**
 * A plugin from its object (compile-objects.ts), without compiling: a relocatable plugin is its
 * object optimized; a linked one is the object placed at `start` with the project's shared class ids
 * (link-object.ts), shipped without its layout section.
 */
function linkObject(project: Project, plugin: ProjectPlugin, start: SlotStart, registry: SharedClassRegistry, object: PluginObject): CompiledPlugin {
  const extra = { diagnostics: object.diagnostics, filesRead: new Map<string, string | null>() };
  const levels = optimizeLevels(project);
  // What compileRelocatable gives: the relocated module, optimized at the project's levels.
  if (plugin.relocatable) return { ...describeModule(plugin.name, optimizeRelocatable(object.wasm, levels)), ...extra };
  const sharedId = (cls: string) => {
    const id = registry.claim(cls);
    if (id === undefined) throw new LinkError("SHARED_CLASS_IDS", `plugin '${plugin.name}': ${sharedClassesFullMessage(cls)}`);
    return id;
  };
  const placement = { memoryBase: start.memory, tableBase: start.table, classBase: start.classes, sharedId };
  // Optimized later, with every other plugin placed in this build (optimizePlaced), which also
  // reads its imports and exports then (optimizing may drop unused imports).
  const linked = placeRelocatable(plugin.name, object.wasm, placement, levels.atomics);
  return { name: plugin.name, wasm: linked.wasm, layout: linked.layout, imports: [], exports: [], ...extra };
}

/** The project's optimizer levels; a threaded project's plugins keep their atomics (compile-plugin.ts `threads`). */
function optimizeLevels(project: Project): OptimizeLevels {
  return { optimize: project.optimizeLevel, shrink: project.shrinkLevel, ...(project.threads ? { atomics: true } : {}) };
}

/** A relocatable plugin takes no slot; a linked one keeps its slot while it fits, else gets a new one. */
function slotFor(plugin: ProjectPlugin, layout: PluginLayout, start: SlotStart, before: CachedPlugin | undefined, faults: BuildFaults | undefined): Slot {
  const slot = plugin.relocatable ? emptySlot(start) : before && fits(layout, before.slot) ? before.slot : newSlot(layout, start);
  if (faults?.collideClassIds) slot.classes = { base: FIRST_PLUGIN_CLASS_ID, count: slot.classes.count };
  return slot;
}
