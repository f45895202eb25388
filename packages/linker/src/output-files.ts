/** What a build writes in the project's outDir (besides the cache, see build-cache.ts). */
export const MANIFEST_FILE = "manifest.json";
export const RUNTIME_FILE = "runtime.wasm";

/** The wasm file of a plugin. */
export function pluginFile(name: string): string {
  return `${name}.wasm`;
}
