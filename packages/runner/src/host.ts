import { isReference, parseType, type AsType, type RefType } from "./as-types.js";
import { CallGuard, type GuardedRuntime } from "./call-guard.js";
import { ClassTable } from "./class-table.js";
import { callWithArguments, checkArity, omittedValue } from "./default-arguments.js";
import { Marshal, type Site } from "./convert-values.js";
import { LoadError, PluginAbort, PluginCallError, SharedRtError, ValueError } from "./errors.js";
import { HeapView, STRING_ID, readString } from "./heap-view.js";
import type { Manifest, ManifestPlugin } from "./manifest.js";
import { Owned, type HandleHost } from "./owned.js";
import { Pins } from "./pins.js";
import { describeRelocatable, LAYOUT_SECTION, layoutSection, LOAD_NAMESPACE, Relocation, type LoaderRuntime } from "./load-relocatable.js";
import { bridgeFunction, isolatedManifest } from "./isolation.js";

/** Import namespaces supplied by the project: `{ namespace: { name: value } }`. */
export type HostImports = Record<string, Record<string, unknown>>;

export interface LoadOptions {
  /** Reads a file named in the manifest (relative to the manifest). */
  readFile(file: string): Promise<Uint8Array>;
  /** Extra host imports for every plugin, or a function of the loading host that returns them. */
  hostImports?: HostImports | ((host: SharedHost) => HostImports);
  /** Host imports for one plugin (by name), over the ones for every plugin. */
  pluginImports?: Record<string, HostImports | ((host: SharedHost) => HostImports)>;
  /** Plugins to load isolated (own memory, table and runtime), besides those the manifest marks. */
  isolate?: string[];
  /** Where `trace` and `console.*` write. Default: console. */
  log?: (line: string) => void;
}

/** The runtime module's exports, as the host uses them. */
interface RuntimeExports {
  memory?: WebAssembly.Memory;
  __new(size: number, id: number): number;
  __link(parent: number, child: number, expectMultiple: number): void;
  __pin(ptr: number): number;
  __unpin(ptr: number): void;
  __collect(): void;
  __shared_register(abi: number, globalsSlot: number, membersSlot: number, classBase: number, classCount: number, rttiBase: number): number;
  __stack_pointer?: WebAssembly.Global;
  __stack_limit?: WebAssembly.Global;
  [name: string]: unknown;
}

interface ParsedSignature {
  params: AsType[];
  result: AsType;
  sites: Site[];
}

/** A loaded plugin. */
export interface LoadedPlugin {
  readonly name: string;
  readonly instance: WebAssembly.Instance;
  readonly manifest: ManifestPlugin;
  /** Internal names of the plugin's classes in id order (`names[k]` has id `classes.base + k`). */
  readonly classNames: readonly string[];
  /** The runtime's handle for the plugin. */
  readonly handle: number;
  /** Where a relocatable plugin was placed, and what it holds. */
  readonly relocation?: Relocation;
}


const REGISTER_ERRORS: Record<number, (p: ManifestPlugin, abi: number) => string> = {
  [-1]: (p, abi) => `it was built for shared-rt ABI ${p.abi}, the runtime speaks ABI ${abi}`,
  [-2]: (p) => `its class ids ${p.classes.base}..${p.classes.base + p.classes.count - 1} lie in the range reserved for the runtime`,
  [-3]: (p) => `its class ids ${p.classes.base}..${p.classes.base + p.classes.count - 1} overlap another plugin's`,
  [-4]: (p) => `its RTTI table at ${p.classes.rttiBase} does not describe ${p.classes.count} classes`,
};

async function sha256(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>);
  return "sha256-" + Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * The host: one Memory, one Table, the runtime instantiated first, then every plugin in
 * manifest order, each registered with the runtime before its start function runs.
 */
export class SharedHost implements HandleHost {
  readonly manifest: Manifest;
  readonly memory: WebAssembly.Memory;
  readonly table: WebAssembly.Table;
  readonly runtime: WebAssembly.Instance;
  private readonly plugins = new Map<string, LoadedPlugin>();
  private readonly log: (line: string) => void;
  private readonly rt: RuntimeExports;
  private readonly heap: HeapView;
  private readonly classes = new ClassTable();
  private readonly marshal: Marshal;
  /** Pins the host holds (arguments for the duration of a call, owned handles), counted. */
  readonly pins: Pins;
  /** Runs wasm for a plugin's export; after a trap inside the runtime, refuses everything. */
  private readonly calls: CallGuard;
  private readonly parsedSignatures = new Map<string, ParsedSignature>();
  /** Hosts of isolated plugins, by plugin name: each has its own memory, table and runtime. */
  private readonly isolatedHosts = new Map<string, SharedHost>();
  /** Every plugin's name in load order, isolated ones included. */
  private readonly order: string[] = [];

  private constructor(manifest: Manifest, runtime: WebAssembly.Instance, memory: WebAssembly.Memory, table: WebAssembly.Table, log: (line: string) => void) {
    this.manifest = manifest;
    this.runtime = runtime;
    this.memory = memory;
    this.table = table;
    this.log = log;
    this.rt = runtime.exports as unknown as RuntimeExports;
    this.heap = new HeapView(memory);
    this.pins = new Pins(this.rt, this.heap);
    this.marshal = new Marshal(this.heap, this.rt, this.classes, this.pins, this);
    this.calls = new CallGuard(this.rt as unknown as GuardedRuntime, () => this.pins.freeze());
  }

  static async load(manifest: Manifest, options: LoadOptions): Promise<SharedHost> {
    const log = options.log ?? ((line: string) => console.log(line));
    const memory = new WebAssembly.Memory({ initial: manifest.memory.initial, maximum: manifest.memory.maximum });
    const table = new WebAssembly.Table({ initial: manifest.table.initial, element: "anyfunc" });

    const runtimeBytes = await readChecked(options, manifest.runtime.file, manifest.runtime.hash, undefined);
    let host: SharedHost | undefined;
    const runtimeEnv = standardEnv(() => host, "runtime", memory, table, log);
    const runtime = await instantiate(await compile(runtimeBytes, "runtime"), { env: runtimeEnv } as WebAssembly.Imports, "runtime");
    host = new SharedHost(manifest, runtime, memory, table, log);

    const resolve = (imports: HostImports | ((host: SharedHost) => HostImports) | undefined) => (typeof imports === "function" ? imports(host!) : imports ?? {});
    const project = resolve(options.hostImports);
    for (const plugin of manifest.plugins) {
      if (plugin.isolated || options.isolate?.includes(plugin.name)) {
        await host.loadIsolated(plugin, options);
        continue;
      }
      const bytes = await readChecked(options, plugin.file, plugin.hash, plugin.name);
      await host.instantiatePlugin(plugin, bytes, project, resolve(options.pluginImports?.[plugin.name]));
    }
    return host;
  }

  /**
   * Loads `plugin` with a host of its own over the project's runtime module: its own memory,
   * table and collector. Its imports from other plugins, and theirs from it, are bridged.
   */
  private async loadIsolated(plugin: ManifestPlugin, options: LoadOptions): Promise<void> {
    const bridges = (child: SharedHost): HostImports => {
      const out: HostImports = {};
      for (const imp of plugin.imports) {
        if (!imp.provider.startsWith("plugin:")) continue;
        const provider = this.hostOf(imp.provider.slice(7));
        (out[imp.module] ??= {})[imp.name] = bridgeFunction(child, plugin.name, provider, provider.plugin(imp.provider.slice(7)).manifest, imp.name);
      }
      return out;
    };
    const own = options.pluginImports?.[plugin.name];
    const child = await SharedHost.load(isolatedManifest(this.manifest, plugin), {
      readFile: options.readFile,
      log: options.log,
      hostImports: options.hostImports,
      pluginImports: {
        [plugin.name]: (child) => {
          const mine = typeof own === "function" ? own(child) : own ?? {};
          const bridged = bridges(child);
          for (const [ns, fns] of Object.entries(mine)) bridged[ns] = { ...bridged[ns], ...fns };
          return bridged;
        },
      },
    });
    this.isolatedHosts.set(plugin.name, child);
    this.order.push(plugin.name);
  }

  /**
   * The host that runs `pluginName`: this one, or for an isolated plugin its own, whose
   * `memory`, `heapLive`, `collect()` and `pins` are that plugin's.
   */
  hostOf(pluginName: string): SharedHost {
    const isolated = this.isolatedHosts.get(pluginName);
    if (isolated) return isolated;
    this.plugin(pluginName);
    return this;
  }

  private async instantiatePlugin(plugin: ManifestPlugin, bytes: Uint8Array, project: HostImports, own: HostImports): Promise<void> {
    // The plugin's own imports win over the project's, which win over the standard `env`.
    const env = { ...standardEnv(() => this, plugin.name, this.memory, this.table, this.log), ...project.env, ...own.env };
    const imports: Record<string, Record<string, unknown>> = { env, "shared-rt": this.runtime.exports as Record<string, unknown> };
    for (const imp of plugin.imports) {
      const what = `plugin '${plugin.name}' imports '${imp.module}.${imp.name}'`;
      if (imp.provider.startsWith("plugin:")) {
        const isolated = this.isolatedHosts.get(imp.provider.slice(7));
        if (isolated) {
          // Another memory: a bridge that copies arguments and result.
          const providerPlugin = isolated.plugin(imp.provider.slice(7)).manifest;
          (imports[imp.module] ??= {})[imp.name] = bridgeFunction(this, plugin.name, isolated, providerPlugin, imp.name);
          continue;
        }
        const provider = this.plugins.get(imp.provider.slice(7));
        if (!provider) {
          throw new LoadError("IMPORT_UNRESOLVED", plugin.name, `${what}, but plugin '${imp.provider.slice(7)}' is not loaded before it`);
        }
        imports[imp.module] = provider.instance.exports as Record<string, unknown>;
      } else if (imp.provider === "host") {
        const ns = { ...project[imp.module], ...own[imp.module] };
        if (!(imp.name in ns)) {
          throw new LoadError("IMPORT_UNRESOLVED", plugin.name, `${what}, which the project's host module does not provide`);
        }
        imports[imp.module] = ns;
      } else if (imp.provider === "env" && !(imp.name in env)) {
        throw new LoadError(
          "IMPORT_UNRESOLVED",
          plugin.name,
          `${what}, which is not among the standard host functions the runner provides; supply it as "env" in the host imports`,
        );
      }
    }
    const module = await compile(bytes, plugin.name);
    let relocation: Relocation | undefined;
    if (plugin.relocatable) {
      // Placed now: its class ids after every range in use, its table slots at the end.
      relocation = new Relocation(plugin.name, module, this.rt as unknown as LoaderRuntime, this.memory, this.table, this.nextClassBase());
      imports[LOAD_NAMESPACE] = relocation.imports as unknown as Record<string, unknown>;
      plugin = {
        ...plugin,
        table: { base: relocation.tableBase, size: plugin.table.size },
        visitorSlots: relocation.visitorSlots,
        classes: { ...plugin.classes, base: relocation.classBase, rttiBase: relocation.rttiBase },
      };
    }
    const classNames = plugin.classes.names ?? readClassNames(module, plugin);
    const instance = await instantiate(module, imports as WebAssembly.Imports, plugin.name);
    const exports = instance.exports as Record<string, unknown>;
    const visitGlobals = exports.__shared_visit_globals;
    const visitMembers = exports.__shared_visit_members;
    if (typeof visitGlobals !== "function" || typeof visitMembers !== "function") {
      throw new LoadError("NOT_A_PLUGIN", plugin.name, `plugin '${plugin.name}' was not built with the shared-init transform: it does not export __shared_visit_globals and __shared_visit_members`);
    }
    this.table.set(plugin.visitorSlots.globals, visitGlobals as never);
    this.table.set(plugin.visitorSlots.members, visitMembers as never);
    const handle = this.rt.__shared_register(
      plugin.abi,
      plugin.visitorSlots.globals,
      plugin.visitorSlots.members,
      plugin.classes.base,
      plugin.classes.count,
      plugin.classes.rttiBase,
    );
    if (handle < 0) {
      const why = REGISTER_ERRORS[handle]?.(plugin, this.manifest.abi) ?? `the runtime answered ${handle}`;
      throw new LoadError("REGISTER_REFUSED", plugin.name, `the runtime refused plugin '${plugin.name}': ${why}`);
    }
    const loaded: LoadedPlugin = { name: plugin.name, instance, manifest: plugin, classNames, handle, relocation };
    this.plugins.set(plugin.name, loaded);
    // A plugin unloaded and loaded again comes last.
    if (this.order.includes(plugin.name)) this.order.splice(this.order.indexOf(plugin.name), 1);
    this.order.push(plugin.name);
    const layout = layoutSection(module) as { imports?: never; classes?: { bases?: Record<string, string[]> } } | undefined;
    // The bases of its own classes, besides those its signatures name: a subclass no signature
    // names still stands for its base.
    const ownBases = { classes: { bases: layout?.classes?.bases } };
    this.classes.add(plugin.name, plugin.classes.base, classNames, plugin.exports, layout?.imports, ownBases);
    relocation?.placeStatics();
    const start = exports[plugin.start];
    if (typeof start === "function") this.calls.run(plugin.name, plugin.start, () => (start as () => void)());
  }

  /** The first class id after every range in use (the runtime's, the manifest's slots, loaded plugins'). */
  private nextClassBase(): number {
    let next = 32;
    for (const p of this.manifest.plugins) {
      if (!p.relocatable) next = Math.max(next, (p.slot?.classes.base ?? p.classes.base) + (p.slot?.classes.count ?? p.classes.count));
    }
    for (const p of this.plugins.values()) next = Math.max(next, p.manifest.classes.base + p.manifest.classes.count);
    for (const base of this.retiredClassEnds) next = Math.max(next, base);
    return next;
  }

  /** Class-id ends of unloaded plugins: their ids stay registered and are never handed out again. */
  private readonly retiredClassEnds: number[] = [];

  /**
   * Loads a relocatable plugin into the running host under `name` (the module name other
   * plugins import it by). The same module can be loaded under several names: each load is an
   * independent instance with its own statics, table slots and class ids.
   */
  async load(name: string, bytes: Uint8Array, options: { hostImports?: HostImports | ((host: SharedHost) => HostImports) } = {}): Promise<LoadedPlugin> {
    this.calls.refuseLoad(name);
    if (this.plugins.has(name)) throw new LoadError("ALREADY_LOADED", name, `a plugin named '${name}' is already loaded; unload it first or load this one under another name`);
    const module = await compile(bytes, name);
    const plugin = describeRelocatable(module, name, await sha256(bytes), (n) => this.plugins.has(n));
    const imports = typeof options.hostImports === "function" ? options.hostImports(this) : options.hostImports ?? {};
    await this.instantiatePlugin(plugin, bytes, imports, {});
    return this.plugin(name);
  }

  /**
   * Unloads a relocatable plugin: its exports are gone, its roots are dropped (what other
   * plugins still reference survives, the rest is collected), its function slots are cleared.
   * Refused while another loaded plugin imports from it.
   */
  unload(name: string): void {
    const plugin = this.plugin(name);
    this.calls.refuseLoad(name, "unload");
    if (!plugin.relocation) throw new LoadError("NOT_RELOCATABLE", name, `plugin '${name}' was linked at fixed addresses and cannot be unloaded`);
    for (const other of this.plugins.values()) {
      if (other.name !== name && other.manifest.imports.some((i) => i.provider === `plugin:${name}`)) {
        throw new LoadError("IN_USE", name, `plugin '${name}' cannot be unloaded: plugin '${other.name}' imports from it`);
      }
    }
    const unregister = (this.rt as unknown as { __shared_unregister(handle: number): number }).__shared_unregister;
    unregister(plugin.handle);
    plugin.relocation.release();
    this.retiredClassEnds.push(plugin.manifest.classes.base + plugin.manifest.classes.count);
    this.plugins.delete(name);
  }

  /** A loaded plugin by name. */
  plugin(name: string): LoadedPlugin {
    const plugin = this.plugins.get(name) ?? this.isolatedHosts.get(name)?.plugin(name);
    if (!plugin) throw new SharedRtError("NO_SUCH_PLUGIN", `no plugin '${name}' is loaded (loaded: ${this.pluginNames.join(", ") || "none"})`);
    return plugin;
  }

  /** Names of the loaded plugins, in load order (isolated ones included). */
  get pluginNames(): string[] {
    return this.order.filter((name) => this.plugins.has(name) || this.isolatedHosts.has(name));
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
    const ptr = this.calls.run("runtime", "__new", () => this.marshal.newString(value));
    this.pins.pin(ptr);
    return ptr;
  }

  /** Releases a pin taken by {@link newString}. */
  unpin(ptr: number): void {
    this.pins.unpin(ptr);
  }

  /** Bytes held by managed objects not yet freed, as the collector counts them. */
  get heapLive(): number {
    return (this.rt.__shared_heap_live as WebAssembly.Global).value as number;
  }

  /** Runs a full collection. With the minimal collector, only call this with no wasm frame live. */
  collect(): void {
    this.calls.run("runtime", "__collect", () => this.rt.__collect());
  }

  /**
   * Calls `plugin.exportName` with JS values, converted by the export's recorded AssemblyScript
   * signature: numbers, `bool`, `i64`/`u64` (BigInt), strings, ArrayBuffers, typed arrays,
   * `Array<T>` and `StaticArray<T>` of those, and owned handles for any of them. Objects made
   * for the arguments stay pinned until the call returns (or traps). The result is copied into
   * a JS value before anything else can run: the object itself is only borrowed. A class the
   * host cannot convert comes back as its address, valid until the next call; use
   * {@link callOwned} to keep it.
   */
  call(pluginName: string, exportName: string, ...args: unknown[]): unknown {
    return this.invoke(pluginName, exportName, args, false);
  }

  /**
   * Like {@link call}, but keeps the result object alive and returns an owned handle to it
   * (null for a null result). Dispose of the handle when done, or bind it with `using`.
   */
  callOwned<T = unknown>(pluginName: string, exportName: string, ...args: unknown[]): Owned<T> | null {
    return this.invoke(pluginName, exportName, args, true) as Owned<T> | null;
  }

  /** The exports of a plugin as JS functions that {@link call} them. */
  exports(pluginName: string): Record<string, (...args: unknown[]) => unknown> {
    const plugin = this.plugin(pluginName);
    return Object.fromEntries(Object.keys(plugin.manifest.exports).map((name) => [name, (...args: unknown[]) => this.call(pluginName, name, ...args)]));
  }

  /**
   * Copies the object at `ptr` into a JS value, reading it as AssemblyScript type `type`: for
   * host functions, whose pointer arguments are borrowed for the duration of the call.
   */
  lift(ptr: number, type: string | AsType): unknown {
    const parsed = typeof type === "string" ? parseType(type) : type;
    return this.marshal.lift(ptr, parsed);
  }

  /** A zero-copy view of an object's elements; see {@link Owned.view}. @internal */
  view(ptr: number, type: AsType): ArrayBufferView {
    return this.marshal.view(ptr, type);
  }

  /**
   * Takes an owned handle on the object at `ptr` (a borrowed pointer, e.g. an argument of a host
   * function), checked to be of type `type`. Returns null for a null pointer.
   */
  own<T = unknown>(ptr: number, type: string): Owned<T> | null {
    const parsed = parseType(type);
    const site = this.valueSite(type, undefined);
    if (!isReference(parsed)) throw site.fail("BAD_ARGUMENT", `${type} is not a reference type: only objects can be owned`);
    if (!ptr) return null;
    this.marshal.checkAddress(ptr, parsed, site, "");
    return new Owned<T>(this, ptr, type);
  }

  /**
   * Allocates `value` as AssemblyScript type `type` and returns its address, *not* pinned: for
   * a host function's return value, which the calling plugin receives before anything else can
   * allocate. Anywhere else, use {@link allocate}. Arrays and typed arrays get the class id of
   * `plugin` (the caller of the host function), if given.
   */
  lower(value: unknown, type: string, plugin?: string): number {
    const parsed = parseType(type);
    const site = this.valueSite(type, plugin);
    if (!isReference(parsed)) throw site.fail("BAD_ARGUMENT", `${type} is not a reference type: return numbers from host functions as they are`);
    this.calls.refuseCall(plugin ?? "runtime", "__new");
    const temps: number[] = [];
    try {
      return this.marshal.lowerRef(value, parsed, site, temps, "");
    } finally {
      for (const ptr of temps) this.pins.unpin(ptr);
    }
  }

  /**
   * Allocates `value` on the shared heap as AssemblyScript type `type` and returns an owned
   * handle to it. Arrays and typed arrays get the class id of `plugin` (default: the first
   * loaded plugin that uses the class), which matters only to `instanceof` in that plugin.
   */
  allocate<T = unknown>(type: string, value: unknown, plugin?: string): Owned<T> | null {
    const parsed = parseType(type);
    if (plugin !== undefined) this.plugin(plugin);
    const site = this.valueSite(type, plugin);
    if (!isReference(parsed)) throw site.fail("BAD_ARGUMENT", `${type} is not a reference type: only objects can be allocated`);
    const temps: number[] = [];
    try {
      const ptr = this.calls.run("runtime", "__new", () => this.marshal.lowerRef(value, parsed, site, temps, ""));
      return ptr ? new Owned<T>(this, ptr, type) : null;
    } finally {
      for (const ptr of temps) this.pins.unpin(ptr);
    }
  }

  /** Whether the shadow stack pointer is below its limit (AssemblyScript's stack check fired). @internal */
  stackExhausted(): boolean {
    const sp = this.rt.__stack_pointer;
    const limit = this.rt.__stack_limit;
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
    this.log(`shared-rt: an owned ${type} (at ${ptr}) was garbage-collected without dispose(); unpinned it`);
  }

  private valueSite(type: string, plugin: string | undefined): Site {
    return {
      plugin,
      what: "the value",
      fail: (code, message) => new ValueError(code === "BAD_ARGUMENT" ? "BAD_VALUE" : code, type, message),
    };
  }

  /** An export's parsed signature, with where each argument is for messages (made once). */
  private signature(plugin: LoadedPlugin, exportName: string): ParsedSignature {
    const key = `${plugin.name}\0${exportName}`;
    let parsed = this.parsedSignatures.get(key);
    if (!parsed) {
      const recorded = plugin.manifest.exports[exportName];
      const params = recorded.params.map(parseType);
      const fail = (code: string, message: string) => new PluginCallError(code, plugin.name, exportName, message);
      const sites = params.map((type, i): Site => ({ plugin: plugin.name, what: `argument ${i + 1} of ${plugin.name}.${exportName}`, declared: type.text, fail }));
      parsed = { params, result: parseType(recorded.result), sites };
      this.parsedSignatures.set(key, parsed);
    }
    return parsed;
  }

  private invoke(pluginName: string, exportName: string, args: unknown[], owned: boolean): unknown {
    const isolated = this.isolatedHosts.get(pluginName);
    if (isolated) return isolated.invoke(pluginName, exportName, args, owned);
    const plugin = this.plugin(pluginName);
    const fn = (plugin.instance.exports as Record<string, unknown>)[exportName];
    if (typeof fn !== "function" || !plugin.manifest.exports[exportName]) {
      const known = Object.keys(plugin.manifest.exports).join(", ") || "none";
      throw new PluginCallError("NO_SUCH_EXPORT", pluginName, exportName, `plugin '${pluginName}' has no exported function '${exportName}' (it exports: ${known})`);
    }
    const signature = this.signature(plugin, exportName);
    const { params, result } = signature;
    const recorded = plugin.manifest.exports[exportName];
    checkArity(pluginName, exportName, recorded, args.length);
    if (owned && !isReference(result)) {
      throw new PluginCallError("NOT_A_REFERENCE", pluginName, exportName, `${pluginName}.${exportName} returns ${recorded.result}, not an object: use call(), there is nothing to own`);
    }
    // Fewer arguments than parameters (trailing defaults): asc's wrapper, told how many.
    const target = callWithArguments(pluginName, exportName, plugin.instance.exports, fn as (...a: unknown[]) => unknown, params.length, args.length);
    const temps: number[] = [];
    try {
      return this.calls.run(pluginName, exportName, () => {
        const lowered = params.map((type, i) => (i < args.length ? this.marshal.lowerArgument(args[i], type, signature.sites[i], temps) : omittedValue(type)));
        const raw = target(...lowered);
        if (owned) return raw ? new Owned(this, raw as number, recorded.result) : null;
        return this.marshal.lift(raw, result);
      });
    } finally {
      for (const ptr of temps) this.pins.unpin(ptr);
    }
  }
}

async function readChecked(options: LoadOptions, file: string, hash: string, plugin: string | undefined): Promise<Uint8Array> {
  const who = plugin ? `plugin '${plugin}'` : "the runtime";
  let bytes: Uint8Array;
  try {
    bytes = await options.readFile(file);
  } catch (error) {
    throw new LoadError("MISSING_FILE", plugin, `cannot read ${who} from '${file}': ${(error as Error).message}`, { cause: error });
  }
  const actual = await sha256(bytes);
  if (actual !== hash) {
    throw new LoadError("HASH_MISMATCH", plugin, `${who} in '${file}' is not the file the manifest was linked with (expected ${hash}, found ${actual}); rebuild the project`);
  }
  return bytes;
}

async function compile(bytes: Uint8Array, who: string): Promise<WebAssembly.Module> {
  try {
    return await WebAssembly.compile(bytes as Uint8Array<ArrayBuffer>);
  } catch (error) {
    const name = who === "runtime" ? "the runtime" : `plugin '${who}'`;
    throw new LoadError("INSTANTIATE_FAILED", who === "runtime" ? undefined : who, `cannot compile ${name}: ${(error as Error).message}`, { cause: error });
  }
}

async function instantiate(module: WebAssembly.Module, imports: WebAssembly.Imports, who: string): Promise<WebAssembly.Instance> {
  try {
    return await WebAssembly.instantiate(module, imports);
  } catch (error) {
    const name = who === "runtime" ? "the runtime" : `plugin '${who}'`;
    throw new LoadError("INSTANTIATE_FAILED", who === "runtime" ? undefined : who, `cannot instantiate ${name}: ${(error as Error).message}`, { cause: error });
  }
}

/** The class names a plugin records in its layout section (the manifest has only the range). */
function readClassNames(module: WebAssembly.Module, plugin: ManifestPlugin): string[] {
  if (plugin.classes.count === 0) return [];
  const names = (layoutSection(module) as { classes?: { names?: unknown } } | undefined)?.classes?.names;
  if (!Array.isArray(names) || names.length !== plugin.classes.count || !names.every((n) => typeof n === "string")) {
    throw new LoadError(
      "NOT_A_PLUGIN",
      plugin.name,
      `plugin '${plugin.name}' does not list its ${plugin.classes.count} class(es) in a '${LAYOUT_SECTION}' section; rebuild it with the shared-init transform`,
    );
  }
  return names as string[];
}

/** AssemblyScript's standard host imports (`env`), bound to the plugin that imports them. */
function standardEnv(host: () => SharedHost | undefined, plugin: string, memory: WebAssembly.Memory, table: WebAssembly.Table, log: (line: string) => void): Record<string, unknown> {
  const heap = new HeapView(memory);
  const str = (ptr: number) => readString(memory, ptr);
  // abort's strings are read with care: its message may come from code that is failing.
  const checkedStr = (ptr: number): string | null => {
    if (!ptr) return null;
    return heap.plausible(ptr) && heap.classId(ptr) === STRING_ID ? readString(memory, ptr) : `<unreadable string at ${ptr}>`;
  };
  const timers = new Map<string, number>();
  const env: Record<string, unknown> = {
    memory,
    table,
    abort(message: number, file: number, line: number, column: number) {
      // AssemblyScript's stack check aborts when a frame would go below the stack limit. Its
      // message is not reliably in static data, so recognize the condition itself.
      if (host()?.stackExhausted()) {
        throw new PluginAbort(plugin, "stack overflow: the shared shadow stack is exhausted", null, 0, 0);
      }
      throw new PluginAbort(plugin, checkedStr(message) ?? "abort", checkedStr(file), line, column);
    },
    trace(message: number, n: number, ...values: number[]) {
      log(`trace: ${checkedStr(message)}${n ? " " : ""}${values.slice(0, n).join(", ")}`);
    },
    seed: () => Date.now() * Math.random(),
    "Date.now": () => Date.now(),
    "performance.now": () => performance.now(),
    "console.assert": (condition: number, message: number) => {
      if (!condition) log(`Assertion failed: ${str(message) ?? ""}`);
    },
    "console.time": (label: number) => void timers.set(str(label) ?? "default", performance.now()),
    "console.timeLog": (label: number) => {
      const name = str(label) ?? "default";
      const started = timers.get(name);
      log(started === undefined ? `Timer '${name}' does not exist` : `${name}: ${(performance.now() - started).toFixed(3)}ms`);
    },
    "console.timeEnd": (label: number) => {
      const name = str(label) ?? "default";
      const started = timers.get(name);
      timers.delete(name);
      log(started === undefined ? `Timer '${name}' does not exist` : `${name}: ${(performance.now() - started).toFixed(3)}ms`);
    },
    "crypto.getRandomValuesN": (n: number) => host()!.randomBytes(plugin, n),
    "process.exit": (code: number) => {
      throw new PluginAbort(plugin, `exited with code ${code}`, null, 0, 0);
    },
  };
  for (const method of ["log", "info", "warn", "error", "debug"] as const) {
    env[`console.${method}`] = (ptr: number) => log(str(ptr) ?? "null");
  }
  for (const key of Object.getOwnPropertyNames(Math) as (keyof Math)[]) {
    const value = Math[key];
    env[`Math.${String(key)}`] = typeof value === "function" ? (value as (...a: number[]) => number).bind(Math) : value;
  }
  return env;
}
