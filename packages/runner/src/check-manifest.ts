/**
 * A manifest checked before the host trusts a field of it: the one schema of @shared-rt/abi
 * (every field of the right type: BAD_MANIFEST naming the field path, what was expected and
 * what was found), then its ranges and file names (manifest-checks.ts: BAD_MANIFEST, or
 * OVERLAPPING_RANGES for two owners of the same memory, table slots or class ids). A hand-edited
 * or corrupted manifest is refused here, never met as a TypeError or a trap in the middle of loading.
 */
import { describeManifestProblem, manifestCheckProblems, manifestProblem, type Manifest } from "@shared-rt/abi";
import { LoadError } from "./errors.js";

const REBUILD = "rebuild the project with shared-rt build";

/** `the manifest 'build/manifest.json'`, or `the manifest` when it was given as an object. */
function named(name: string | undefined): string {
  return name ? `the manifest '${name}'` : "the manifest";
}

/** The name of the plugin at `plugins[i]…` of a path, when the value there names one. */
function pluginAt(value: unknown, path: string): string | undefined {
  const index = /^plugins\[(\d+)\]/.exec(path)?.[1];
  const plugins = (value as { plugins?: unknown } | null)?.plugins;
  if (index === undefined || !Array.isArray(plugins)) return undefined;
  const name = (plugins[Number(index)] as { name?: unknown } | null)?.name;
  return typeof name === "string" ? name : undefined;
}

/**
 * Manifests checked by `loadManifestFile` (before it imports the host module), which
 * `loadProject` then takes without checking again: once per object, so a manifest object a
 * caller changes and loads again is checked again.
 */
const checkedOnce = new WeakSet<object>();

/** Marks `manifest` as checked for the next {@link checkManifestOnce} of it. */
export function markChecked(manifest: Manifest): void {
  checkedOnce.add(manifest);
}

/** {@link checkManifest}, unless `markChecked` just marked this object (the mark is used up). */
export function checkManifestOnce(value: unknown, name?: string): Manifest {
  if (typeof value === "object" && value !== null && checkedOnce.delete(value)) return value as Manifest;
  return checkManifest(value, name);
}

/** `value` as a {@link Manifest}, or a LoadError naming the manifest (`name`: its file or URL) and the field at fault. */
export function checkManifest(value: unknown, name?: string): Manifest {
  const problem = manifestProblem(value);
  if (problem) {
    throw new LoadError("BAD_MANIFEST", pluginAt(value, problem.path), `${named(name)} is not valid: ${describeManifestProblem(problem)}; ${REBUILD}`);
  }
  const manifest = value as Manifest;
  const [first] = manifestCheckProblems(manifest);
  if (first) {
    if (first.kind === "overlap") {
      const where = name ? `in the manifest '${name}', ${first.message}` : `the manifest's ${first.message}`;
      throw new LoadError("OVERLAPPING_RANGES", first.plugin, `${where}; ${REBUILD}`);
    }
    throw new LoadError("BAD_MANIFEST", first.plugin, `${named(name)} is not valid: ${first.path}: ${first.message}; ${REBUILD}`);
  }
  return manifest;
}
