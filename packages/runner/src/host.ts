/**
 * The host's public face. What it does is in the files named after each job: loading a project
 * (load-project.ts) and a plugin into a running host (load-plugin.ts), instantiating a plugin
 * (instantiate-plugin.ts), calls (call-export.ts, call-guard.ts), values (lower-values.ts,
 * lift-values.ts, view-values.ts), isolation (isolation.ts); this class holds a context of them
 * all (host-context.ts) and is what users and plugins' host functions see.
 */
import { RUNTIME_EXPORTS, RUNTIME_GLOBAL_NAMES, THREAD_EXPORTS, type Manifest } from "@shared-rt/abi";
import { isReference, parseType, type AsType } from "./as-types.js";
import { invoke, valueSite } from "./call-export.js";
import { ValueError } from "./errors.js";
import { futureValueType } from "./future-values.js";
import { executorOf } from "./futures-executor.js";
import { HostContext, type HostFace, type HostParts, type LoadedPlugin } from "./host-context.js";
import { asyncCallsOf, pendingAsyncCalls } from "./async-calls.js";
import { readString } from "./heap-view.js";
import { dispatchMiss } from "./register-dispatch.js";
import { lift } from "./lift-values.js";
import type { HostImports, LoadOptionsFor } from "./load-options.js";
import { loadPlugin, unloadPlugin } from "./load-plugin.js";
import { loadProject } from "./load-project.js";
import { Owned } from "./owned.js";
import type { Pins } from "./pins.js";
import { threadedHeapLive } from "./thread-heap-live.js";
import { view } from "./view-values.js";

export type { HostImports } from "./load-options.js";
export type { LoadedPlugin } from "./host-context.js";

export type LoadOptions = LoadOptionsFor<SharedHost>;

/**
 * The host: one Memory, one Table, the runtime instantiated first, then every plugin in
 * manifest order, each registered with the runtime before its start function runs.
 */
export class SharedHost implements HostFace {
  readonly manifest: Manifest;
  readonly memory: WebAssembly.Memory;
  readonly table: WebAssembly.Table;
  readonly runtime: WebAssembly.Instance;
  /** Pins the host holds (arguments for the duration of a call, owned handles), counted. */
  readonly pins: Pins;
  readonly #context: HostContext<SharedHost>;

  private constructor(parts: HostParts) {
    this.manifest = parts.manifest;
    this.runtime = parts.runtime;
    this.memory = parts.memory;
    this.table = parts.table;
    this.#context = new HostContext(parts, this);
    this.pins = this.#context.pins;
  }

  static async load(manifest: Manifest, options: LoadOptions): Promise<SharedHost> {
    return loadProject(manifest, options, (parts) => new SharedHost(parts).#context);
  }

  /**
   * The host that runs `pluginName`: this one, or for an isolated plugin its own, whose
   * `memory`, `heapLive`, `collect()` and `pins` are that plugin's.
   */
  hostOf(pluginName: string): SharedHost {
    return this.#context.hostOf(pluginName);
  }

  /**
   * Loads a relocatable plugin into the running host under `name` (the module name other
   * plugins import it by). The same module can be loaded under several names: each load is an
   * independent instance with its own statics, table slots and class ids.
   */
  async load(name: string, bytes: Uint8Array, options: { hostImports?: HostImports | ((host: SharedHost) => HostImports) } = {}): Promise<LoadedPlugin> {
    return loadPlugin(this.#context, name, bytes, options.hostImports);
  }

  /**
   * Unloads a relocatable plugin: its exports are gone, its roots are dropped (what other
   * plugins still reference survives, the rest is collected), its function slots are cleared.
   * Refused while another loaded plugin imports from it.
   */
  unload(name: string): void {
    unloadPlugin(this.#context, name);
  }

  /** A loaded plugin by name. */
  plugin(name: string): LoadedPlugin {
    return this.#context.plugin(name);
  }

  /** Names of the loaded plugins, in load order (isolated ones included). */
  get pluginNames(): string[] {
    return this.#context.pluginNames;
  }

  /** Reads the AssemblyScript string at `ptr`. */
  readString(ptr: number): string | null {
    return readString(this.memory, ptr);
  }

  /**
   * Allocates `value` as an AssemblyScript string and pins it; unpin with {@link unpin}.
   * (An owned handle, `host.allocate("string", value)`, does the same and unpins on dispose.)
   */
  newString(value: string): number {
    const ptr = this.#context.calls.run("runtime", "__new", () => this.#context.lowering.newString(value));
    this.pins.pin(ptr);
    return ptr;
  }

  /** Releases a pin taken by {@link newString}. */
  unpin(ptr: number): void {
    this.pins.unpin(ptr);
  }

  /** Bytes held by managed objects not yet freed, as the collector counts them. */
  get heapLive(): number {
    const value = (this.#context.rt[RUNTIME_EXPORTS.heapLive] as WebAssembly.Global).value as number;
    // The threaded runtime keeps the counter in the shared memory and exports its address.
    if (!this.#context.thread) return value;
    const state = (this.#context.rt[THREAD_EXPORTS.state] as WebAssembly.Global).value as number;
    return threadedHeapLive(this.#context.memory, value, state);
  }

  /**
   * Runs a full collection. With the minimal collector, only call this with no wasm frame live;
   * while calls started with {@link callAsync} are pending it waits until the last one settles
   * (their references are in wasm locals, which the minimal collector cannot see).
   */
  collect(): void {
    if (pendingAsyncCalls(this.#context)?.deferCollect()) return;
    this.#context.calls.run("runtime", "__collect", () => this.#context.rt.__collect());
  }

  /**
   * Like {@link call}, for an export that may wait straight-line on host imports the project
   * lists in `"async"`: returns a Promise of the converted result. Needs JSPI (Node 24.22+/25+,
   * Chrome 137+, Firefox 153+; else `JSPI_UNAVAILABLE`). Each call runs on a shadow-stack
   * segment of its own (async-calls.ts); many may be suspended at once and resume in any order.
   */
  callAsync(pluginName: string, exportName: string, ...args: unknown[]): Promise<unknown> {
    const isolated = this.#context.isolated.get(pluginName);
    if (isolated) return isolated.callAsync(pluginName, exportName, ...args);
    return asyncCallsOf(this.#context).call(this.#context.plugin(pluginName), exportName, args);
  }

  /** Calls started with {@link callAsync} and not settled, and the most at once so far. */
  get pendingAsyncCalls(): { pending: number; peak: number } {
    const calls = pendingAsyncCalls(this.#context);
    return { pending: calls?.pending ?? 0, peak: calls?.peak ?? 0 };
  }

  /**
   * Calls `plugin.exportName` with JS values, converted by the export's recorded AssemblyScript
   * signature: numbers, `bool`, `i64`/`u64` (BigInt), strings, ArrayBuffers, typed arrays,
   * `Array<T>`, `StaticArray<T>`, `Map<K,V>` and `Set<T>` of those (JS `Map` and `Set`, in
   * insertion order), and owned handles for any of them. Objects made
   * for the arguments stay pinned until the call returns (or traps). The result is copied into
   * a JS value before anything else can run: the object itself is only borrowed. A class the
   * host cannot convert comes back as its address, valid until the next call; use
   * {@link callOwned} to keep it.
   */
  call(pluginName: string, exportName: string, ...args: unknown[]): unknown {
    return invoke(this.#context, pluginName, exportName, args, false);
  }

  /**
   * Like {@link call}, but keeps the result object alive and returns an owned handle to it
   * (null for a null result). Dispose of the handle when done, or bind it with `using`.
   */
  callOwned<T = unknown>(pluginName: string, exportName: string, ...args: unknown[]): Owned<T> | null {
    return invoke(this.#context, pluginName, exportName, args, true) as Owned<T> | null;
  }

  /**
   * A Promise of the converted value of a future on the shared heap (an owned handle or an
   * address) declared `Future<T>` (@shared-rt/futures), driven by the host's executor as the
   * result of a {@link call} is. The future stays pinned until it finishes.
   */
  awaitFuture(future: Owned | number, type: string): Promise<unknown> {
    const value = futureValueType(parseType(type));
    if (!value) return Promise.reject(new ValueError("UNSUPPORTED_TYPE", type, `awaitFuture takes a type Future<T>, not '${type}'`));
    const ptr = typeof future === "number" ? future : future.ptr;
    return executorOf(this.#context).await(ptr, value, "host", "awaitFuture");
  }

  /** Futures the executor holds: awaited by the host (`tasks`), to be completed by host Promises (`sources`). */
  get pendingFutures(): { tasks: number; sources: number } {
    return executorOf(this.#context).pending;
  }

  /** The exports of a plugin as JS functions that {@link call} them. */
  exports(pluginName: string): Record<string, (...args: unknown[]) => unknown> {
    const plugin = this.plugin(pluginName);
    return Object.fromEntries(Object.keys(plugin.manifest.exports).map((name) => [name, (...args: unknown[]) => this.call(pluginName, name, ...args)]));
  }

  /**
   * Copies the object at `ptr` into a JS value, reading it as AssemblyScript type `type`
   * (spelled as the manifest does, `Map<string, i32> | null`): for host functions, whose
   * pointer arguments are borrowed for the duration of the call.
   */
  lift(ptr: number, type: string | AsType): unknown {
    const parsed = typeof type === "string" ? parseType(type) : type;
    return lift(this.#context.heap, ptr, parsed);
  }

  /** A zero-copy view of an object's elements; see {@link Owned.view}. @internal */
  view(ptr: number, type: AsType): ArrayBufferView {
    return view(this.#context.heap, ptr, type);
  }

  /**
   * Takes an owned handle on the object at `ptr` (a borrowed pointer, e.g. an argument of a host
   * function), checked to be of type `type` (spelled as the manifest does: `Map<string,i32>`,
   * `Set<string> | null`). Returns null for a null pointer.
   */
  own<T = unknown>(ptr: number, type: string): Owned<T> | null {
    const parsed = parseType(type);
    const site = valueSite(type, undefined);
    if (!isReference(parsed)) throw site.fail("BAD_ARGUMENT", `${type} is not a reference type: only objects can be owned`);
    if (!ptr) return null;
    this.#context.lowering.checkAddress(ptr, parsed, site, "");
    return new Owned<T>(this, ptr, type);
  }

  /**
   * Allocates `value` as AssemblyScript type `type` and returns its address, *not* pinned: for
   * a host function's return value, which the calling plugin receives before anything else can
   * allocate. Anywhere else, use {@link allocate}. Arrays, typed arrays, maps and sets get the
   * class id of `plugin` (the caller of the host function), if given.
   */
  lower(value: unknown, type: string, plugin?: string): number {
    const parsed = parseType(type);
    const site = valueSite(type, plugin);
    if (!isReference(parsed)) throw site.fail("BAD_ARGUMENT", `${type} is not a reference type: return numbers from host functions as they are`);
    this.#context.calls.refuseCall(plugin ?? "runtime", "__new");
    const temps: number[] = [];
    try {
      return this.#context.lowering.lowerRef(value, parsed, site, temps, "");
    } finally {
      for (const ptr of temps) this.pins.unpin(ptr);
    }
  }

  /**
   * Allocates `value` on the shared heap as AssemblyScript type `type` and returns an owned
   * handle to it. Arrays, typed arrays, maps and sets get the class id of `plugin` (default: the
   * first loaded plugin that uses the class), which matters only to `instanceof` in that plugin.
   */
  allocate<T = unknown>(type: string, value: unknown, plugin?: string): Owned<T> | null {
    const parsed = parseType(type);
    if (plugin !== undefined) this.plugin(plugin);
    const site = valueSite(type, plugin);
    if (!isReference(parsed)) throw site.fail("BAD_ARGUMENT", `${type} is not a reference type: only objects can be allocated`);
    const temps: number[] = [];
    try {
      const ptr = this.#context.calls.run("runtime", "__new", () => this.#context.lowering.lowerRef(value, parsed, site, temps, ""));
      return ptr ? new Owned<T>(this, ptr, type) : null;
    } finally {
      for (const ptr of temps) this.pins.unpin(ptr);
    }
  }

  /** The error for a virtual call the runtime could not dispatch (its abort). @internal */
  dispatchMiss(): Error | undefined {
    return dispatchMiss(this.#context);
  }

  /** Whether the shadow stack pointer is below its limit (AssemblyScript's stack check fired). @internal */
  stackExhausted(): boolean {
    const sp = this.#context.rt[RUNTIME_GLOBAL_NAMES.stackPointer];
    const limit = this.#context.rt[RUNTIME_GLOBAL_NAMES.stackLimit];
    return sp !== undefined && limit !== undefined && (sp.value as number) < (limit.value as number);
  }

  /**
   * `crypto.getRandomValuesN` for `plugin`: a Uint8Array of `n` random bytes, allocated with the
   * plugin's class id and returned unpinned, as a fresh object is. @internal
   */
  randomBytes(plugin: string, n: number): number {
    const bytes = new Uint8Array(n);
    for (let i = 0; i < n; i += 65536) crypto.getRandomValues(bytes.subarray(i, Math.min(n, i + 65536)));
    return this.lower(bytes, "Uint8Array", plugin);
  }

  /** Told by the FinalizationRegistry that a handle was dropped without dispose(). @internal */
  leaked(ptr: number, type: string): void {
    this.#context.log(`shared-rt: an owned ${type} (at ${ptr}) was garbage-collected without dispose(); unpinned it`);
  }
}
