import { mkdir, readFile, readdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import {
  ABI_VERSION,
  ENV_NAMESPACE,
  FIRST_PLUGIN_CLASS_ID,
  RUNTIME_FUNCTIONS,
  RUNTIME_GLOBALS,
  RUNTIME_NAMESPACE,
  buildRuntime,
  runtimeSourceDir,
  type AscDiagnostic,
} from "@shared-rt/runtime";
import type { Manifest, ManifestImport, ManifestPlugin } from "@shared-rt/runner";
import { LOAD_NAMESPACE } from "shared-init";
import { MEMORY_START, TABLE_START, after, fits, newSlot, visitorSlots, type Slot, type SlotStart } from "./assign-slots.js";
import { hashInputs, inputsUnchanged, readCache, sha256, writeCache, type BuildCache } from "./build-cache.js";
import { checkOverlaps, checkPluginLayout, checkSignature } from "./check-link.js";
import { compilePlugin, compileRelocatable, describeModule, type CompiledPlugin } from "./compile-plugin.js";
import { LinkError } from "./errors.js";
import { orderPlugins } from "./order-plugins.js";
import { readProject, type Project } from "./project.js";

const PAGE = 65536;

export interface BuildEvent {
  kind: "plugin" | "runtime";
  name: string;
  ms: number;
  bytes: number;
  /** Reused from the previous build: its inputs and its place did not change. */
  cached: boolean;
  /** The compiler's warnings (and other non-errors) for this plugin, when it was compiled. */
  diagnostics?: AscDiagnostic[];
}

export interface BuildOptions {
  /** Called as each module is compiled or reused. */
  onProgress?: (event: BuildEvent) => void;
  /** Ignore the previous build's cache: compile everything and place every plugin afresh. */
  clean?: boolean;
  /**
   * Deliberate faults that undo one part of what makes a shared collector correct. Only for
   * tests that prove the GC stress suite fails without that part.
   */
  faults?: BuildFaults;
}

export interface BuildFaults {
  /** The runtime does not visit plugin globals. */
  skipPluginGlobals?: boolean;
  /** Plugins keep their own shadow stacks, which the runtime does not scan. */
  ownStacks?: boolean;
  /** Every plugin's classes get the same ids, and the runtime accepts the overlap. */
  collideClassIds?: boolean;
}

export interface BuildResult {
  project: Project;
  manifest: Manifest;
  manifestPath: string;
  events: BuildEvent[];
}

const toPosix = (p: string) => p.split(path.sep).join("/");

function resolveImports(plugin: CompiledPlugin, byName: Map<string, CompiledPlugin>, project: Project): ManifestImport[] {
  const resolved: ManifestImport[] = [];
  for (const imp of plugin.imports) {
    const what = `plugin '${plugin.name}' imports '${imp.module}.${imp.name}'`;
    if (imp.module === ENV_NAMESPACE) {
      resolved.push({ module: imp.module, name: imp.name, provider: "env" });
    } else if (imp.module === LOAD_NAMESPACE && plugin.layout.relocatable) {
      resolved.push({ module: imp.module, name: imp.name, provider: "load" });
    } else if (imp.module === RUNTIME_NAMESPACE) {
      if (!(imp.name in RUNTIME_FUNCTIONS) && !(imp.name in RUNTIME_GLOBALS)) {
        throw new LinkError("IMPORT_UNRESOLVED", `${what}, which the shared runtime (ABI ${ABI_VERSION}) does not export`);
      }
      resolved.push({ module: imp.module, name: imp.name, provider: "runtime" });
    } else if (byName.has(imp.module) && imp.module !== plugin.name) {
      const provider = byName.get(imp.module)!;
      const exp = provider.exports.find((e) => e.name === imp.name);
      if (!exp) {
        const offered = provider.exports.filter((e) => e.kind === "function" && !e.name.startsWith("__shared_") && e.name !== provider.layout.start).map((e) => e.name);
        throw new LinkError("IMPORT_UNRESOLVED", `${what}, but plugin '${imp.module}' does not export '${imp.name}' (it exports: ${offered.join(", ") || "nothing"})`);
      }
      if (exp.kind !== imp.kind) throw new LinkError("IMPORT_KIND_MISMATCH", `${what} as a ${imp.kind}, plugin '${imp.module}' exports it as a ${exp.kind}`);
      checkSignature(plugin.name, imp.module, imp.name, plugin.layout.imports?.[`${imp.module}.${imp.name}`], provider.layout.exports[imp.name]);
      resolved.push({ module: imp.module, name: imp.name, provider: `plugin:${imp.module}` });
    } else if (project.host) {
      // Also an import named after the importing plugin itself: a module never imports from
      // itself, so the namespace can only be the host's.
      resolved.push({ module: imp.module, name: imp.name, provider: "host" });
    } else if (imp.module === plugin.name) {
      throw new LinkError("IMPORT_UNRESOLVED", `${what}: a plugin cannot import from itself, and the project has no "host" module to provide '${imp.module}.${imp.name}'`);
    } else {
      throw new LinkError("IMPORT_UNRESOLVED", `${what}: no plugin is named '${imp.module}' and the project has no "host" module to provide it`);
    }
  }
  return resolved;
}

/** Everything outside a plugin's own sources that its compiled output depends on. */
async function toolchainKey(project: Project, faults: BuildFaults | undefined): Promise<string> {
  const versions = await Promise.all(
    ["assemblyscript/package.json", "shared-init/package.json", "@shared-rt/runtime/package.json"].map(async (spec) => {
      const file = new URL(import.meta.resolve(spec));
      return `${spec}@${(JSON.parse(await readFile(file, "utf8")) as { version: string }).version}`;
    }),
  );
  return sha256(JSON.stringify({ versions, abi: ABI_VERSION, collector: project.collector, optimizeLevel: project.optimizeLevel, shrinkLevel: project.shrinkLevel, transforms: project.transforms, faults: faults ?? null }));
}

async function runtimeSourceHash(): Promise<string> {
  const files = (await readdir(runtimeSourceDir)).filter((f) => f.endsWith(".ts")).sort();
  const texts = await Promise.all(files.map(async (f) => `${f}\n${await readFile(path.join(runtimeSourceDir, f), "utf8")}`));
  return sha256(texts.join("\n"));
}

const sameStart = (slot: Slot, start: SlotStart) => slot.memory.base === start.memory && slot.table.base === start.table && slot.classes.base === start.classes;

/**
 * Builds a project: compiles each plugin into its own slot of memory, table and class ids (in
 * the project file's order, each above the previous), derives the load order from the
 * compiled imports, checks every link, builds the runtime above every plugin's static data,
 * and writes the wasm files and manifest.json to the project's outDir.
 *
 * Incremental: a plugin whose inputs and slot did not change is reused as it is; an edited
 * plugin that still fits its slot (see HEADROOM in assign-slots.ts) is recompiled alone; one
 * that outgrows its slot moves every plugin after it, which are then recompiled too.
 */
export async function buildProject(projectFile: string, options: BuildOptions = {}): Promise<BuildResult> {
  const project = await readProject(projectFile);
  const events: BuildEvent[] = [];
  const report = (event: BuildEvent) => {
    events.push(event);
    options.onProgress?.(event);
  };
  const key = await toolchainKey(project, options.faults);
  const previous: BuildCache = options.clean ? { key, plugins: {} } : await readCache(project.outDir, key);
  const cache: BuildCache = { key, plugins: {} };

  let start: SlotStart = { memory: MEMORY_START, table: TABLE_START, classes: FIRST_PLUGIN_CLASS_ID };
  const compiled: CompiledPlugin[] = [];
  const slots = new Map<string, Slot>();
  for (const plugin of project.plugins) {
    const started = performance.now();
    const entry = toPosix(path.relative(project.dir, plugin.entry));
    const before = previous.plugins[plugin.name];
    // A relocatable plugin has no place at build time: only its inputs matter.
    const placedAsBefore = before !== undefined && before.entry === entry && (plugin.relocatable ? before.layout.relocatable !== undefined : sameStart(before.slot, start) && !before.layout.relocatable);
    let result: CompiledPlugin | undefined;
    let cached = false;
    if (placedAsBefore && (await inputsUnchanged(before.inputs, project.dir))) {
      const wasm = await readOutput(path.join(project.outDir, `${plugin.name}.wasm`), before.hash);
      if (wasm) {
        result = { ...describeModule(plugin.name, wasm), diagnostics: [], filesRead: new Map() };
        cached = true;
      }
    }
    if (!result && plugin.relocatable) {
      result = await compileRelocatable({
        name: plugin.name,
        entry: plugin.entry,
        baseDir: project.dir,
        collector: project.collector,
        optimizeLevel: project.optimizeLevel,
        shrinkLevel: project.shrinkLevel,
        transforms: project.transforms,
      });
    }
    if (!result) {
      result = await compilePlugin({
        name: plugin.name,
        entry: plugin.entry,
        baseDir: project.dir,
        collector: project.collector,
        memoryBase: start.memory,
        tableBase: start.table,
        classIdBase: options.faults?.collideClassIds ? FIRST_PLUGIN_CLASS_ID : start.classes,
        optimizeLevel: project.optimizeLevel,
        shrinkLevel: project.shrinkLevel,
        faults: { ownStack: options.faults?.ownStacks },
        transforms: project.transforms,
      });
    }
    const { layout } = result;
    checkPluginLayout(plugin.name, layout, project.collector);
    const slot = plugin.relocatable
      ? { memory: { base: start.memory, size: 0 }, table: { base: start.table, size: 0 }, classes: { base: start.classes, count: 0 } }
      : placedAsBefore && fits(layout, before.slot) ? before.slot : newSlot(layout, start);
    if (options.faults?.collideClassIds) slot.classes = { base: FIRST_PLUGIN_CLASS_ID, count: slot.classes.count };
    const diagnostics = result.diagnostics;
    report({ kind: "plugin", name: plugin.name, ms: performance.now() - started, bytes: result.wasm.length, cached, ...(diagnostics.length ? { diagnostics } : {}) });
    compiled.push(result);
    slots.set(plugin.name, slot);
    cache.plugins[plugin.name] = {
      entry,
      inputs: cached ? before!.inputs : hashInputs(result.filesRead, project.dir),
      slot,
      layout,
      hash: sha256(result.wasm),
    };
    start = after(slot);
    if (options.faults?.collideClassIds) start.classes = FIRST_PLUGIN_CLASS_ID;
  }

  const byName = new Map(compiled.map((c) => [c.name, c]));
  const imports = new Map(compiled.map((c) => [c.name, resolveImports(c, byName, project)]));
  const dependsOn = new Map(
    compiled.map((c) => [c.name, new Set(imports.get(c.name)!.filter((i) => i.provider.startsWith("plugin:")).map((i) => i.provider.slice(7)))]),
  );
  const order = orderPlugins(project.plugins.map((p) => p.name), dependsOn);

  const fixed = compiled.filter((c) => !c.layout.relocatable);
  checkOverlaps("memory", fixed.map((c) => ({ owner: `plugin '${c.name}'`, start: c.layout.memory.base, end: c.layout.memory.end })));
  checkOverlaps("table", fixed.map((c) => ({ owner: `plugin '${c.name}'`, start: slots.get(c.name)!.table.base, end: slots.get(c.name)!.table.base + slots.get(c.name)!.table.size })));
  if (!options.faults?.collideClassIds) {
    checkOverlaps("class-id", fixed.map((c) => ({ owner: `plugin '${c.name}'`, start: c.layout.classes.base, end: c.layout.classes.base + c.layout.classes.count })));
  }

  // The runtime goes above every slot, so its heap base is above all static data.
  const runtimeStarted = performance.now();
  const runtimeKey = sha256(JSON.stringify({ key, source: await runtimeSourceHash(), memoryBase: start.memory, tableBase: start.table, stackSize: project.stackSize ?? null }));
  let runtime: { wasm: Uint8Array; dataEnd: number; heapBase: number; tableSize: number } | undefined;
  let runtimeCached = false;
  if (previous.runtime?.key === runtimeKey) {
    const wasm = await readOutput(path.join(project.outDir, "runtime.wasm"), previous.runtime.hash);
    if (wasm) {
      runtime = { wasm, dataEnd: previous.runtime.dataEnd, heapBase: previous.runtime.heapBase, tableSize: previous.runtime.tableSize };
      runtimeCached = true;
    }
  }
  if (!runtime) {
    runtime = await buildRuntime({
      collector: project.collector,
      memoryBase: start.memory,
      tableBase: start.table,
      stackSize: project.stackSize,
      optimizeLevel: project.optimizeLevel,
      shrinkLevel: project.shrinkLevel,
      faults: { skipPluginGlobals: options.faults?.skipPluginGlobals, allowClassOverlap: options.faults?.collideClassIds },
    });
  }
  report({ kind: "runtime", name: "runtime", ms: performance.now() - runtimeStarted, bytes: runtime.wasm.length, cached: runtimeCached });
  cache.runtime = { key: runtimeKey, hash: sha256(runtime.wasm), dataEnd: runtime.dataEnd, heapBase: runtime.heapBase, tableSize: runtime.tableSize };

  const initialPages = Math.ceil(runtime.heapBase / PAGE) + 1;
  if (project.maximumMemory !== undefined && initialPages > project.maximumMemory) {
    throw new LinkError(
      "MEMORY_EXCEEDS_MAXIMUM",
      `${project.file}: maximumMemory is ${project.maximumMemory} pages, but static data, the shared stack and a first heap page need ${initialPages} pages (${runtime.heapBase} bytes below the heap)`,
    );
  }

  await mkdir(project.outDir, { recursive: true });
  const plugins: ManifestPlugin[] = [];
  for (const name of order) {
    const c = byName.get(name)!;
    const slot = slots.get(name)!;
    const file = `${name}.wasm`;
    await writeIfChanged(path.join(project.outDir, file), c.wasm);
    if (c.layout.relocatable) {
      plugins.push({
        name,
        abi: c.layout.abi,
        file,
        hash: sha256(c.wasm),
        relocatable: true,
        memory: { base: 0, end: 0 },
        table: { base: 0, size: c.layout.table.size },
        visitorSlots: { globals: 0, members: 0 },
        classes: { base: 0, count: c.layout.classes.count, rttiBase: 0 },
        imports: imports.get(name)!,
        start: c.layout.start,
        exports: c.layout.exports,
      });
      continue;
    }
    plugins.push({
      name,
      abi: c.layout.abi,
      file,
      hash: sha256(c.wasm),
      ...(project.plugins.find((p) => p.name === name)?.isolated ? { isolated: true } : {}),
      memory: { base: c.layout.memory.base, end: c.layout.memory.end },
      table: { base: c.layout.table.base, size: c.layout.table.size },
      slot,
      visitorSlots: visitorSlots(slot),
      classes: { base: c.layout.classes.base, count: c.layout.classes.count, rttiBase: c.layout.classes.rttiBase },
      imports: imports.get(name)!,
      start: c.layout.start,
      exports: c.layout.exports,
    });
  }
  await writeIfChanged(path.join(project.outDir, "runtime.wasm"), runtime.wasm);
  const manifest: Manifest = {
    abi: ABI_VERSION,
    collector: project.collector,
    ...(project.host ? { host: toPosix(path.relative(project.outDir, project.host)) } : {}),
    memory: { initial: initialPages, ...(project.maximumMemory !== undefined ? { maximum: project.maximumMemory } : {}) },
    table: { initial: start.table + runtime.tableSize },
    runtime: {
      file: "runtime.wasm",
      hash: sha256(runtime.wasm),
      memory: { base: start.memory, end: runtime.dataEnd },
      table: { base: start.table, size: runtime.tableSize },
      stackTop: runtime.heapBase,
    },
    plugins,
  };
  const manifestPath = path.join(project.outDir, "manifest.json");
  await writeIfChanged(manifestPath, new TextEncoder().encode(JSON.stringify(manifest, null, 2) + "\n"));
  // Outputs of plugins no longer in the project would only mislead.
  for (const gone of Object.keys(previous.plugins)) {
    if (!cache.plugins[gone]) await rm(path.join(project.outDir, `${gone}.wasm`), { force: true });
  }
  await writeCache(project.outDir, cache);
  return { project, manifest, manifestPath, events };
}

/** A previous build's output, if it is still there and still the file that build wrote. */
async function readOutput(file: string, hash: string): Promise<Uint8Array | undefined> {
  try {
    const wasm = new Uint8Array(await readFile(file));
    return sha256(wasm) === hash ? wasm : undefined;
  } catch {
    return undefined;
  }
}

/** Leaves unchanged files untouched, so tools watching mtimes see no change. */
async function writeIfChanged(file: string, bytes: Uint8Array): Promise<void> {
  try {
    const old = await readFile(file);
    if (Buffer.compare(old, bytes) === 0) return;
  } catch {
    // missing: write it
  }
  await writeFile(file, bytes);
}
