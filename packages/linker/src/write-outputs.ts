import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Manifest } from "@shared-rt/abi";
import { writeCache, type BuildCache } from "./build-cache.js";
import type { LinkedRuntime } from "./build-or-reuse-runtime.js";
import type { CompiledPlugin } from "./compile-plugin.js";
import { HOST_FILE, MANIFEST_FILE, RUNTIME_FILE, TYPINGS_FILE, pluginFile } from "./output-files.js";
import { pluginTypings } from "./plugin-typings.js";
import type { Project } from "./project.js";

/**
 * Writes the linked project to its outDir: every plugin's wasm, the runtime's, the host module
 * (`host`, bundled by bundle-host.ts), the manifest, TypeScript declarations of the plugins' exports
 * (plugin-typings.ts) and the cache the next build starts from. Removes the wasm of plugins no
 * longer in the project, and the host module the previous build wrote when there is none now.
 * Returns the manifest's path.
 */
export async function writeOutputs(
  project: Project,
  manifest: Manifest,
  compiled: Map<string, CompiledPlugin>,
  runtime: LinkedRuntime,
  cache: BuildCache,
  previous: BuildCache,
  host: Uint8Array | undefined,
): Promise<string> {
  const manifestPath = path.join(project.outDir, MANIFEST_FILE);
  const hadHost = await wroteHost(manifestPath);
  await mkdir(project.outDir, { recursive: true });
  for (const plugin of manifest.plugins) await writeIfChanged(path.join(project.outDir, plugin.file), compiled.get(plugin.name)!.wasm);
  await writeIfChanged(path.join(project.outDir, RUNTIME_FILE), runtime.wasm);
  if (host) await writeIfChanged(path.join(project.outDir, HOST_FILE), host);
  else if (hadHost) await rm(path.join(project.outDir, HOST_FILE), { force: true });
  await writeIfChanged(manifestPath, new TextEncoder().encode(`${JSON.stringify(manifest, null, 2)}\n`));
  await writeIfChanged(path.join(project.outDir, TYPINGS_FILE), new TextEncoder().encode(pluginTypings(manifest)));
  // Outputs of plugins no longer in the project would only mislead.
  for (const gone of Object.keys(previous.plugins)) {
    if (!cache.plugins[gone]) await rm(path.join(project.outDir, pluginFile(gone)), { force: true });
  }
  await writeCache(project.outDir, cache);
  return manifestPath;
}

/** Whether the manifest a previous build left names the host module it wrote (and no other file). */
async function wroteHost(manifestPath: string): Promise<boolean> {
  try {
    return (JSON.parse(await readFile(manifestPath, "utf8")) as Manifest).host === HOST_FILE;
  } catch {
    return false;
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
