/**
 * What loading a project takes besides its manifest. Generic in the host type, so that the
 * loading code does not depend on the host class that uses it (`LoadOptions` is this for
 * `SharedHost`).
 */
import type { RelocationPlacement } from "./load-relocatable.js";

/** Import namespaces supplied by the project: `{ namespace: { name: value } }`. */
export type HostImports = Record<string, Record<string, unknown>>;

/** Host imports, or a function of the loading host that returns them. */
export type ImportsFor<H> = HostImports | ((host: H) => HostImports);

export interface LoadOptionsFor<H> {
  /** Reads a file named in the manifest (relative to the manifest). */
  readFile(file: string): Promise<Uint8Array>;
  /** How messages name the manifest (its file or URL); a refused manifest is a BAD_MANIFEST naming it. */
  manifestName?: string;
  /** Extra host imports for every plugin, or a function of the loading host that returns them. */
  hostImports?: ImportsFor<H>;
  /** Host imports for one plugin (by name), over the ones for every plugin. */
  pluginImports?: Record<string, ImportsFor<H>>;
  /** Plugins to load isolated (own memory, table and runtime), besides those the manifest marks. */
  isolate?: string[];
  /**
   * Loads the wasm files without checking them against the manifest's hashes. Default: false,
   * the check that refuses a file from another build (`HASH_MISMATCH`). For a deployment that
   * checks its files otherwise (subresource integrity, a signed bundle) and wants no hashing.
   */
  skipHashCheck?: boolean;
  /** Where `trace` and `console.*` write. Default: console. */
  log?: (line: string) => void;
  /**
   * Bytes of the shadow-stack segment each call started with `host.callAsync` runs on (its
   * frames and those of everything it calls synchronously). Default 16 KiB.
   */
  asyncStackSize?: number;
  /** Load as worker `index` of a threaded host, over its shared memory (thread-join.ts). */
  thread?: ThreadJoin;
}

/**
 * A worker of a threaded host (a manifest with `threads`): the project's shared memory and
 * this worker's index. Worker 0 loads as a host does (static data, registration); the others
 * instantiate the same files in the same order without writing static data or registering.
 */
export interface ThreadJoin {
  memory: WebAssembly.Memory;
  index: number;
  /** On a worker after the first: where worker 0 placed each relocatable plugin it loads (by name). */
  placements?: Map<string, RelocationPlacement>;
}

/** The namespaces `imports` stands for, given the host they are for. */
export function resolveImports<H>(imports: ImportsFor<H> | undefined, host: H): HostImports {
  return typeof imports === "function" ? imports(host) : (imports ?? {});
}
