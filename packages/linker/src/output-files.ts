/** What a build writes in the project's outDir (besides the cache, see build-cache.ts). */
export const MANIFEST_FILE = "manifest.json";
export const RUNTIME_FILE = "runtime.wasm";
/** TypeScript declarations of every plugin's exports (plugin-typings.ts). */
export const TYPINGS_FILE = "plugins.d.ts";
/** The project's host module, bundled with the files it imports (bundle-host.ts). */
export const HOST_FILE = "host.mjs";

/** The wasm file of a plugin. */
export function pluginFile(name: string): string {
  return `${name}.wasm`;
}
