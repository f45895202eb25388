import { createHash } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import {
  ABI_VERSION,
  ENV_NAMESPACE,
  FIRST_PLUGIN_CLASS_ID,
  RUNTIME_FUNCTIONS,
  RUNTIME_GLOBALS,
  RUNTIME_NAMESPACE,
  buildRuntime,
} from "@shared-rt/runtime";
import type { Manifest, ManifestImport, ManifestPlugin } from "@shared-rt/runner";
import { compilePlugin, type CompiledPlugin } from "./compile-plugin.js";
import { LinkError } from "./errors.js";
import { orderPlugins } from "./order-plugins.js";
import { readProject, type Project } from "./project.js";

/** Address of the first plugin's static data; below it only AssemblyScript's null page. */
export const MEMORY_START = 1024;
/** Static data of each plugin starts 16-byte aligned, as AssemblyScript aligns objects. */
export const MEMORY_ALIGN = 16;
/** Table slot 0 stays empty so that a null function index traps. */
export const TABLE_START = 1;
/** Slots after each plugin's functions for its two visitors. */
export const VISITOR_SLOTS = 2;
const PAGE = 65536;

export interface BuildEvent {
  kind: "plugin" | "runtime";
  name: string;
  ms: number;
  bytes: number;
}

export interface BuildOptions {
  /** Called as each module is compiled. */
  onProgress?: (event: BuildEvent) => void;
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

const align = (value: number, to: number) => Math.ceil(value / to) * to;
const hash = (bytes: Uint8Array) => "sha256-" + createHash("sha256").update(bytes).digest("hex");
const toPosix = (p: string) => p.split(path.sep).join("/");

function resolveImports(plugin: CompiledPlugin, byName: Map<string, CompiledPlugin>, project: Project): ManifestImport[] {
  const resolved: ManifestImport[] = [];
  for (const imp of plugin.imports) {
    const what = `plugin '${plugin.name}' imports '${imp.module}.${imp.name}'`;
    if (imp.module === ENV_NAMESPACE) {
      resolved.push({ module: imp.module, name: imp.name, provider: "env" });
    } else if (imp.module === RUNTIME_NAMESPACE) {
      if (!(imp.name in RUNTIME_FUNCTIONS) && !(imp.name in RUNTIME_GLOBALS)) {
        throw new LinkError("IMPORT_UNRESOLVED", `${what}, which the shared runtime (ABI ${ABI_VERSION}) does not export`);
      }
      resolved.push({ module: imp.module, name: imp.name, provider: "runtime" });
    } else if (byName.has(imp.module)) {
      if (imp.module === plugin.name) throw new LinkError("IMPORT_UNRESOLVED", `${what} from itself`);
      const provider = byName.get(imp.module)!;
      const exp = provider.exports.find((e) => e.name === imp.name);
      if (!exp) {
        const offered = provider.exports.filter((e) => e.kind === "function" && !e.name.startsWith("__shared_") && e.name !== provider.layout.start).map((e) => e.name);
        throw new LinkError("IMPORT_UNRESOLVED", `${what}, but plugin '${imp.module}' does not export '${imp.name}' (it exports: ${offered.join(", ") || "nothing"})`);
      }
      if (exp.kind !== imp.kind) throw new LinkError("IMPORT_KIND_MISMATCH", `${what} as a ${imp.kind}, plugin '${imp.module}' exports it as a ${exp.kind}`);
      resolved.push({ module: imp.module, name: imp.name, provider: `plugin:${imp.module}` });
    } else if (project.host) {
      resolved.push({ module: imp.module, name: imp.name, provider: "host" });
    } else {
      throw new LinkError("IMPORT_UNRESOLVED", `${what}: no plugin is named '${imp.module}' and the project has no "host" module to provide it`);
    }
  }
  return resolved;
}

/**
 * Builds a project: compiles each plugin at its own memory base, table base and class-id base
 * (in the project file's order, each above the previous), derives the dependency order from
 * the compiled imports, builds the runtime above every plugin's static data, and writes the
 * wasm files and manifest.json to the project's outDir.
 */
export async function buildProject(projectFile: string, options: BuildOptions = {}): Promise<BuildResult> {
  const project = await readProject(projectFile);
  const events: BuildEvent[] = [];
  const report = (event: BuildEvent) => {
    events.push(event);
    options.onProgress?.(event);
  };

  let memoryBase = MEMORY_START;
  let tableBase = TABLE_START;
  let classIdBase = FIRST_PLUGIN_CLASS_ID;
  const compiled: CompiledPlugin[] = [];
  const slots = new Map<string, { globals: number; members: number }>();
  for (const plugin of project.plugins) {
    const started = performance.now();
    const result = await compilePlugin({
      name: plugin.name,
      entry: plugin.entry,
      baseDir: project.dir,
      collector: project.collector,
      memoryBase,
      tableBase,
      classIdBase,
      optimizeLevel: project.optimizeLevel,
      shrinkLevel: project.shrinkLevel,
      faults: { ownStack: options.faults?.ownStacks },
    });
    report({ kind: "plugin", name: plugin.name, ms: performance.now() - started, bytes: result.wasm.length });
    compiled.push(result);
    const { layout } = result;
    memoryBase = align(Math.max(layout.memory.end, memoryBase), MEMORY_ALIGN);
    const visitorBase = layout.table.base + layout.table.size;
    slots.set(plugin.name, { globals: visitorBase, members: visitorBase + 1 });
    tableBase = visitorBase + VISITOR_SLOTS;
    if (!options.faults?.collideClassIds) classIdBase += layout.classes.count;
  }

  const byName = new Map(compiled.map((c) => [c.name, c]));
  const imports = new Map(compiled.map((c) => [c.name, resolveImports(c, byName, project)]));
  const dependsOn = new Map(
    compiled.map((c) => [c.name, new Set(imports.get(c.name)!.filter((i) => i.provider.startsWith("plugin:")).map((i) => i.provider.slice(7)))]),
  );
  const order = orderPlugins(project.plugins.map((p) => p.name), dependsOn);

  const runtimeStarted = performance.now();
  const runtime = await buildRuntime({
    collector: project.collector,
    memoryBase,
    tableBase,
    stackSize: project.stackSize,
    optimizeLevel: project.optimizeLevel,
    shrinkLevel: project.shrinkLevel,
    faults: { skipPluginGlobals: options.faults?.skipPluginGlobals, allowClassOverlap: options.faults?.collideClassIds },
  });
  report({ kind: "runtime", name: "runtime", ms: performance.now() - runtimeStarted, bytes: runtime.wasm.length });

  await mkdir(project.outDir, { recursive: true });
  const plugins: ManifestPlugin[] = [];
  for (const name of order) {
    const c = byName.get(name)!;
    const file = `${name}.wasm`;
    await writeIfChanged(path.join(project.outDir, file), c.wasm);
    plugins.push({
      name,
      abi: c.layout.abi,
      file,
      hash: hash(c.wasm),
      memory: { base: c.layout.memory.base, end: c.layout.memory.end },
      table: { base: c.layout.table.base, size: c.layout.table.size },
      visitorSlots: slots.get(name)!,
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
    memory: { initial: Math.ceil(runtime.heapBase / PAGE) + 1 },
    table: { initial: tableBase + runtime.tableSize },
    runtime: {
      file: "runtime.wasm",
      hash: hash(runtime.wasm),
      memory: { base: memoryBase, end: runtime.dataEnd },
      table: { base: tableBase, size: runtime.tableSize },
      stackTop: runtime.heapBase,
    },
    plugins,
  };
  const manifestPath = path.join(project.outDir, "manifest.json");
  await writeIfChanged(manifestPath, new TextEncoder().encode(JSON.stringify(manifest, null, 2) + "\n"));
  return { project, manifest, manifestPath, events };
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
