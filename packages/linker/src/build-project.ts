import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { SharedClassRegistry, type Manifest, type ManifestImport } from "@shared-rt/abi";
import { readCache, toolchainKey, type BuildCache } from "./build-cache.js";
import type { BuildEvent, BuildOptions } from "./build-options.js";
import { buildOrReuseRuntime } from "./build-or-reuse-runtime.js";
import { bundleHost } from "./bundle-host.js";
import { ascConfigWarnings } from "./asc-config.js";
import { checkHostImports, readHostModule } from "./check-host-imports.js";
import { checkClassLayouts, checkPlacement } from "./check-link.js";
import { checkPrivateClasses } from "./shared-classes.js";
import { sharedGlobalWarnings } from "./shared-globals.js";
import { compileOrReusePlugins } from "./compile-or-reuse-plugins.js";
import { linksObjects, objectJobs } from "./object-jobs.js";
import { obtainObjects } from "./compile-objects.js";
import { initialPages, makeManifest, manifestEntry } from "./make-manifest.js";
import { orderPlugins } from "./order-plugins.js";
import { readProject, type Project } from "./project.js";
import { pluginDependencies, resolveImports } from "./resolve-imports.js";
import { writeOutputs } from "./write-outputs.js";

export type { BuildEvent, BuildFaults, BuildOptions, BuildStep } from "./build-options.js";

export interface BuildResult {
  project: Project;
  manifest: Manifest;
  manifestPath: string;
  events: BuildEvent[];
  /**
   * What the build noticed but does not refuse: an ignored asconfig.json, host imports it could not
   * check, mutable globals of shared files used by several plugins.
   */
  warnings: string[];
}

/**
 * Builds a project, in phases: compiles (or reuses) each plugin in its own slot of memory,
 * table and class ids (compile-or-reuse-plugins.ts); resolves and checks every import
 * (resolve-imports.ts); derives the load order from them (order-plugins.ts); builds (or reuses)
 * the runtime above every plugin's static data (build-or-reuse-runtime.ts); and writes the wasm
 * files, manifest.json and the build cache to the project's outDir (make-manifest.ts,
 * write-outputs.ts).
 *
 * Incremental: a plugin whose inputs and slot did not change is reused as it is; an edited
 * plugin that still fits its slot (see HEADROOM in assign-slots.ts) is recompiled alone; one
 * that outgrows its slot moves every plugin after it, which are then recompiled too.
 */
export async function buildProject(projectFile: string, options: BuildOptions = {}): Promise<BuildResult> {
  const project = await readProject(projectFile);
  // Before compiling: a missing or broken host module fails the build at once. Bundled first
  // (its errors say file:line:column), then imported to check the plugins' imports against it.
  const host = project.host && existsSync(project.host) ? await bundleHost(project, project.host) : undefined;
  const hostModule = await readHostModule(project);
  const events: BuildEvent[] = [];
  const report = (event: BuildEvent) => {
    events.push(event);
    options.onProgress?.(event);
  };
  const key = await toolchainKey(project, options.faults, linksObjects(options));
  const previous: BuildCache = options.clean ? { key, plugins: {} } : await readCache(project.outDir, key);

  const registry = await previousSharedClasses(project, previous);
  const objects = linksObjects(options) ? await obtainObjects(project, key, objectJobs(project), options.clean === true, options.onStep) : undefined;
  const { compiled, slots, cached, next } = await compileOrReusePlugins(project, previous, options.faults, report, registry, objects);
  const byName = new Map(compiled.map((c) => [c.name, c]));
  // Isolated plugins have a memory of their own: their objects are copied, never shared.
  const sharing = compiled.filter((c) => !project.plugins.find((p) => p.name === c.name)?.isolated);
  checkPrivateClasses(sharing);
  checkClassLayouts(sharing);
  const imports = new Map(compiled.map((c) => [c.name, resolveImports(c, byName, project.host !== undefined)]));
  const hostWarnings = checkHostImports(project, compiled, imports, hostModule);
  markAsyncImports(project, imports);
  markBlockingImports(project, imports);
  const order = orderPlugins(
    project.plugins.map((p) => p.name),
    pluginDependencies(imports),
  );
  checkPlacement(compiled, slots, !options.faults?.collideClassIds);

  const { runtime, cached: cachedRuntime } = await buildOrReuseRuntime(project, key, previous, next, options.faults, report);
  const pages = initialPages(project, runtime);
  const plugins = order.map((name) => manifestEntry(project.plugins.find((p) => p.name === name)!, byName.get(name)!, slots.get(name)!, imports.get(name)!));
  const manifest = makeManifest(project, plugins, runtime, next, pages, registry);
  const cache: BuildCache = { key, plugins: cached, runtime: cachedRuntime };
  const manifestPath = await writeOutputs(project, manifest, byName, runtime, cache, previous, host);
  const warnings = [...(await ascConfigWarnings(project)), ...hostWarnings, ...sharedGlobalWarnings(sharing)];
  return { project, manifest, manifestPath, events, warnings };
}

/**
 * The shared class ids of the previous build (its manifest), when its outputs may be reused:
 * ids never move, so unchanged plugins stay valid. A clean build (or a new toolchain) starts over.
 */
async function previousSharedClasses(project: Project, previous: BuildCache): Promise<SharedClassRegistry> {
  if (Object.keys(previous.plugins).length === 0) return new SharedClassRegistry();
  try {
    const manifest = JSON.parse(await readFile(path.join(project.outDir, "manifest.json"), "utf8")) as Manifest;
    return new SharedClassRegistry(manifest.sharedClasses);
  } catch {
    return new SharedClassRegistry();
  }
}

/** Marks the host imports the project lists in `"async"` (the host wraps them for JSPI). */
function markAsyncImports(project: Project, imports: Map<string, ManifestImport[]>): void {
  if (!project.async?.length) return;
  const names = new Set(project.async);
  for (const list of imports.values()) {
    for (const imp of list) if (imp.provider === "host" && names.has(`${imp.module}.${imp.name}`)) imp.async = true;
  }
}

/** Marks the host imports the project lists in `"blocking"` (a threaded host parks the worker around them). */
function markBlockingImports(project: Project, imports: Map<string, ManifestImport[]>): void {
  if (!project.blocking?.length) return;
  const names = new Set(project.blocking);
  for (const list of imports.values()) {
    for (const imp of list) if (imp.provider === "host" && names.has(`${imp.module}.${imp.name}`)) imp.blocking = true;
  }
}
