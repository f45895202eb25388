import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Manifest } from "@shared-rt/abi";
import { SharedHost, type HostImports } from "./host.js";
import { checkManifest, markChecked } from "./check-manifest.js";
import { LoadError } from "./errors.js";
import type { ThreadJoin } from "./load-options.js";

export * from "./index.js";
export { loadThreaded } from "./load-threaded.js";

export interface LoadProjectOptions {
  /** Extra host imports; defaults to the project's `host` module named in the manifest, if any. */
  hostImports?: HostImports | ((host: SharedHost) => HostImports);
  /** Host imports for one plugin (by name), over the ones for every plugin. */
  pluginImports?: Record<string, HostImports | ((host: SharedHost) => HostImports)>;
  /** Plugins to load isolated (own memory, table and runtime), besides those the manifest marks. */
  isolate?: string[];
  /** Loads the wasm files without checking them against the manifest's hashes (see `LoadOptions`). */
  skipHashCheck?: boolean;
  log?: (line: string) => void;
  /** Bytes of each `host.callAsync` call's shadow-stack segment (see `LoadOptions`). */
  asyncStackSize?: number;
  /** Load as one worker of a threaded host (`loadThreaded` starts them; see threaded-host.ts). */
  thread?: ThreadJoin;
}

/** Loads a built project from its manifest file (Node). */
export async function loadManifestFile(manifestPath: string, options: LoadProjectOptions = {}): Promise<SharedHost> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(manifestPath, "utf8"));
  } catch (error) {
    throw new LoadError("MISSING_MANIFEST", undefined, `cannot read the manifest '${manifestPath}': ${(error as Error).message}; run 'shared-rt build' first`, {
      cause: error,
    });
  }
  // Before its host module is imported or a file read: every field and file name checked.
  const manifest: Manifest = checkManifest(parsed, manifestPath);
  markChecked(manifest);
  const dir = path.dirname(manifestPath);
  const hostImports = options.hostImports ?? (manifest.host ? await importHostModule(path.resolve(dir, manifest.host)) : undefined);
  return SharedHost.load(manifest, {
    readFile: async (file) => new Uint8Array(await readFile(path.resolve(dir, file))),
    manifestName: manifestPath,
    hostImports,
    pluginImports: options.pluginImports,
    isolate: options.isolate,
    skipHashCheck: options.skipHashCheck,
    log: options.log,
    asyncStackSize: options.asyncStackSize,
    thread: options.thread,
  });
}

/** Imports a host module (`"host"` of shared-rt.json) and returns its default export. */
export async function importHostModule(file: string): Promise<HostImports | ((host: SharedHost) => HostImports)> {
  // A missing file or a module that throws: the file named, not a stack trace.
  if (!(await stat(file).catch(() => undefined))?.isFile()) throw new LoadError("BAD_HOST_MODULE", undefined, `the host module '${file}' does not exist`);
  let mod: { default?: unknown };
  try {
    mod = (await import(pathToFileURL(path.resolve(file)).href)) as { default?: unknown };
  } catch (error) {
    throw new LoadError("BAD_HOST_MODULE", undefined, `the host module '${file}' cannot be imported: ${(error as Error).message}`, { cause: error });
  }
  const value = mod.default;
  if (typeof value !== "function" && (typeof value !== "object" || value === null)) {
    throw new LoadError(
      "BAD_HOST_MODULE",
      undefined,
      `the host module '${file}' must export by default an object of import namespaces or a function returning one`,
    );
  }
  return value as HostImports | ((host: SharedHost) => HostImports);
}
