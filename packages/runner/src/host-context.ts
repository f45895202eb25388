/**
 * What a host holds: the one memory and table, the runtime, the plugins loaded into them (and
 * the hosts of isolated ones), and the pieces every operation shares (class table, pins, the
 * call guard, lowering). Loading, instantiation and calls are functions of this context, so
 * that none of them depends on the `SharedHost` facade; the facade's own face is {@link HostFace}.
 */
import {
  FIRST_PLUGIN_CLASS_ID,
  RUNTIME_EXPORTS,
  RUNTIME_GLOBAL_NAMES,
  SharedClassRegistry,
  type DispatchLayout,
  type Manifest,
  type ManifestPlugin,
} from "@shared-rt/abi";
import type { AsType } from "./as-types.js";
import { CallGuard, type GuardedRuntime } from "./call-guard.js";
import { ClassTable } from "./class-table.js";
import { hostError } from "./errors.js";
import { HeapView } from "./heap-view.js";
import type { BridgeHost } from "./isolation.js";
import type { LoaderRuntime, Relocation } from "./load-relocatable.js";
import { Lowering, type AllocFunctions } from "./lower-values.js";
import type { ThreadJoin } from "./load-options.js";
import type { HandleHost, Owned } from "./owned.js";
import { Pins, type PinFunctions } from "./pins.js";
import type { EnvHost } from "./standard-env.js";
import type { Site } from "./value-messages.js";

/** A loaded plugin. */
export interface LoadedPlugin {
  readonly name: string;
  readonly instance: WebAssembly.Instance;
  readonly manifest: ManifestPlugin;
  /** Internal names of the plugin's classes in compact order (`classNames[k]` has id `classIds[k]`). */
  readonly classNames: readonly string[];
  /** The real id of each of its classes (shared ids are the project's). */
  readonly classIds: readonly number[];
  /** The runtime's handle for the plugin. */
  readonly handle: number;
  /** Where a relocatable plugin was placed, and what it holds. */
  readonly relocation?: Relocation;
  /** Its dispatch records as registered (a relocatable plugin's with the slots where it was placed). */
  readonly dispatch?: DispatchLayout;
}

/** The runtime module's exports, as the host uses them. */
export interface RuntimeExports extends GuardedRuntime, PinFunctions, AllocFunctions, LoaderRuntime {
  memory?: WebAssembly.Memory;
  __collect(): void;
  [RUNTIME_GLOBAL_NAMES.stackLimit]?: WebAssembly.Global;
  [RUNTIME_EXPORTS.register](abi: number, globalsSlot: number, membersSlot: number, ids: number, count: number, rttiBase: number): number;
  [RUNTIME_EXPORTS.unregister](handle: number): number;
  [name: string]: unknown;
}

/** An export's signature parsed, with where each argument is for messages. */
export interface ParsedSignature {
  params: AsType[];
  result: AsType;
  sites: Site[];
  /** T when the result is a `Future<T>` (@shared-rt/futures): `call` returns a Promise of it. */
  future?: AsType;
}

/**
 * A host as the code around it sees it: what handles, bridges and the standard env call, and
 * what a parent host calls on the host of an isolated plugin. `SharedHost` is one.
 */
export interface HostFace extends HandleHost, BridgeHost, EnvHost {
  lift(ptr: number, type: string | AsType): unknown;
  plugin(name: string): LoadedPlugin;
  callOwned(pluginName: string, exportName: string, ...args: unknown[]): Owned | null;
}

/** What a host is made of when its runtime has been instantiated. */
export interface HostParts {
  manifest: Manifest;
  runtime: WebAssembly.Instance;
  memory: WebAssembly.Memory;
  table: WebAssembly.Table;
  log: (line: string) => void;
  /** Set when this host is a worker of a threaded host. */
  thread?: ThreadJoin;
}

export class HostContext<H extends HostFace> {
  readonly manifest: Manifest;
  readonly runtime: WebAssembly.Instance;
  readonly memory: WebAssembly.Memory;
  readonly table: WebAssembly.Table;
  readonly log: (line: string) => void;
  /** Set when this host is a worker of a threaded host: workers after the first register nothing. */
  readonly thread: ThreadJoin | undefined;
  readonly rt: RuntimeExports;
  readonly heap: HeapView;
  readonly classes = new ClassTable();
  /** The project's shared class ids: the manifest's, then those relocatable plugins bring. */
  readonly sharedClasses: SharedClassRegistry;
  /** Pins the host holds (arguments for the duration of a call, owned handles), counted. */
  readonly pins: Pins;
  readonly lowering: Lowering;
  /** Runs wasm for a plugin's export; after a trap inside the runtime, refuses everything. */
  readonly calls: CallGuard;
  /** Plugins in this memory, by name. */
  readonly plugins = new Map<string, LoadedPlugin>();
  /** Hosts of isolated plugins, by plugin name: each has its own memory, table and runtime. */
  readonly isolated = new Map<string, H>();
  /** Every plugin's name in load order, isolated ones included. */
  readonly order: string[] = [];
  /** Class-id ends of unloaded plugins: their ids stay registered and are never handed out again. */
  readonly retiredClassEnds: number[] = [];
  /** Names of the shared methods registered for dispatch (register-dispatch.ts), for its errors. */
  readonly dispatchNames = new Map<string, string>();
  /**
   * Parsed export signatures per loaded plugin, by export (made once). Keyed by the load, not
   * the name: a plugin unloaded and loaded again under its name may have other signatures.
   */
  readonly signatures = new WeakMap<LoadedPlugin, Map<string, ParsedSignature>>();

  constructor(
    parts: HostParts,
    /** The host this is the context of. */
    readonly host: H,
  ) {
    this.manifest = parts.manifest;
    this.runtime = parts.runtime;
    this.memory = parts.memory;
    this.table = parts.table;
    this.log = parts.log;
    this.thread = parts.thread;
    this.rt = parts.runtime.exports as unknown as RuntimeExports;
    this.sharedClasses = new SharedClassRegistry(parts.manifest.sharedClasses);
    this.heap = new HeapView(this.memory);
    this.pins = new Pins(this.rt, this.heap);
    this.lowering = new Lowering(this.heap, this.rt, this.classes, this.pins, host);
    this.calls = new CallGuard(this.rt, () => this.pins.freeze());
  }

  /** A loaded plugin by name, isolated ones included. */
  plugin(name: string): LoadedPlugin {
    const plugin = this.plugins.get(name) ?? this.isolated.get(name)?.plugin(name);
    if (!plugin) throw hostError("NO_SUCH_PLUGIN", `no plugin '${name}' is loaded (loaded: ${this.pluginNames.join(", ") || "none"})`);
    return plugin;
  }

  /** Names of the loaded plugins, in load order (isolated ones included). */
  get pluginNames(): string[] {
    return this.order.filter((name) => this.plugins.has(name) || this.isolated.has(name));
  }

  /** The host that runs `pluginName`: this one, or for an isolated plugin its own. */
  hostOf(pluginName: string): H {
    const isolated = this.isolated.get(pluginName);
    if (isolated) return isolated;
    this.plugin(pluginName);
    return this.host;
  }

  /** Records a plugin as loaded; one unloaded and loaded again comes last. */
  add(loaded: LoadedPlugin): void {
    this.plugins.set(loaded.name, loaded);
    if (this.order.includes(loaded.name)) this.order.splice(this.order.indexOf(loaded.name), 1);
    this.order.push(loaded.name);
  }

  /** The first class id after every range in use (the runtime's, the manifest's slots, loaded plugins'). */
  nextClassBase(): number {
    let next = FIRST_PLUGIN_CLASS_ID;
    for (const p of this.manifest.plugins) {
      if (!p.relocatable) next = Math.max(next, (p.slot?.classes.base ?? p.classes.base) + (p.slot?.classes.count ?? p.classes.count));
    }
    for (const p of this.plugins.values()) next = Math.max(next, p.manifest.classes.base + p.manifest.classes.count);
    for (const base of this.retiredClassEnds) next = Math.max(next, base);
    return next;
  }
}
