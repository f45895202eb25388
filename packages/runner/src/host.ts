import { LoadError, PluginAbort, PluginCallError, SharedRtError } from "./errors.js";
import type { Manifest, ManifestPlugin } from "./manifest.js";
import { kindOf, readString, STRING_ID, writeString } from "./values.js";

/** Import namespaces supplied by the project: `{ namespace: { name: value } }`. */
export type HostImports = Record<string, Record<string, unknown>>;

export interface LoadOptions {
  /** Reads a file named in the manifest (relative to the manifest). */
  readFile(file: string): Promise<Uint8Array>;
  /** Extra host imports, or a function of the loading host that returns them. */
  hostImports?: HostImports | ((host: SharedHost) => HostImports);
  /** Where `trace` and `console.*` write. Default: console. */
  log?: (line: string) => void;
}

/** The runtime module's exports, as the host uses them. */
interface RuntimeExports {
  memory?: WebAssembly.Memory;
  __new(size: number, id: number): number;
  __pin(ptr: number): number;
  __unpin(ptr: number): void;
  __collect(): void;
  __shared_register(abi: number, globalsSlot: number, membersSlot: number, classBase: number, classCount: number, rttiBase: number): number;
  __stack_pointer?: WebAssembly.Global;
  [name: string]: unknown;
}

/** A loaded plugin. */
export interface LoadedPlugin {
  readonly name: string;
  readonly instance: WebAssembly.Instance;
  readonly manifest: ManifestPlugin;
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
export class SharedHost {
  readonly manifest: Manifest;
  readonly memory: WebAssembly.Memory;
  readonly table: WebAssembly.Table;
  readonly runtime: WebAssembly.Instance;
  private readonly plugins = new Map<string, LoadedPlugin>();
  private readonly log: (line: string) => void;
  private readonly rt: RuntimeExports;

  private constructor(manifest: Manifest, runtime: WebAssembly.Instance, memory: WebAssembly.Memory, table: WebAssembly.Table, log: (line: string) => void) {
    this.manifest = manifest;
    this.runtime = runtime;
    this.memory = memory;
    this.table = table;
    this.log = log;
    this.rt = runtime.exports as unknown as RuntimeExports;
  }

  static async load(manifest: Manifest, options: LoadOptions): Promise<SharedHost> {
    const log = options.log ?? ((line: string) => console.log(line));
    const memory = new WebAssembly.Memory({ initial: manifest.memory.initial, maximum: manifest.memory.maximum });
    const table = new WebAssembly.Table({ initial: manifest.table.initial, element: "anyfunc" });

    const runtimeBytes = await readChecked(options, manifest.runtime.file, manifest.runtime.hash, undefined);
    let host: SharedHost | undefined;
    const runtimeEnv = standardEnv(() => host!, "runtime", memory, table, log);
    const runtime = await instantiate(runtimeBytes, { env: runtimeEnv } as WebAssembly.Imports, "runtime");
    host = new SharedHost(manifest, runtime, memory, table, log);

    const extra = typeof options.hostImports === "function" ? options.hostImports(host) : options.hostImports ?? {};
    for (const plugin of manifest.plugins) {
      const bytes = await readChecked(options, plugin.file, plugin.hash, plugin.name);
      await host.instantiatePlugin(plugin, bytes, extra);
    }
    return host;
  }

  private async instantiatePlugin(plugin: ManifestPlugin, bytes: Uint8Array, extra: HostImports): Promise<void> {
    const imports: Record<string, Record<string, unknown>> = {
      env: standardEnv(() => this, plugin.name, this.memory, this.table, this.log),
      "shared-rt": this.runtime.exports as Record<string, unknown>,
    };
    for (const imp of plugin.imports) {
      if (imp.provider.startsWith("plugin:")) {
        const provider = this.plugins.get(imp.provider.slice(7));
        if (!provider) {
          throw new LoadError("IMPORT_UNRESOLVED", plugin.name, `plugin '${plugin.name}' imports '${imp.module}.${imp.name}', but plugin '${imp.provider.slice(7)}' is not loaded before it`);
        }
        imports[imp.module] = provider.instance.exports as Record<string, unknown>;
      } else if (imp.provider === "host") {
        const ns = extra[imp.module];
        if (!ns || !(imp.name in ns)) {
          throw new LoadError("IMPORT_UNRESOLVED", plugin.name, `plugin '${plugin.name}' imports '${imp.module}.${imp.name}', which the project's host module does not provide`);
        }
        imports[imp.module] = ns;
      }
    }
    const instance = await instantiate(bytes, imports as WebAssembly.Imports, plugin.name);
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
    const loaded: LoadedPlugin = { name: plugin.name, instance, manifest: plugin };
    this.plugins.set(plugin.name, loaded);
    const start = exports[plugin.start];
    if (typeof start === "function") this.guard(plugin.name, plugin.start, () => (start as () => void)());
  }

  /** A loaded plugin by name. */
  plugin(name: string): LoadedPlugin {
    const plugin = this.plugins.get(name);
    if (!plugin) throw new SharedRtError("NO_SUCH_PLUGIN", `no plugin '${name}' is loaded (loaded: ${[...this.plugins.keys()].join(", ") || "none"})`);
    return plugin;
  }

  /** Names of the loaded plugins, in load order. */
  get pluginNames(): string[] {
    return [...this.plugins.keys()];
  }

  /** Reads the AssemblyScript string at `ptr`. */
  readString(ptr: number): string | null {
    return readString(this.memory, ptr);
  }

  /** Allocates `value` as an AssemblyScript string and pins it; unpin with {@link unpin}. */
  newString(value: string): number {
    const ptr = this.rt.__new(value.length << 1, STRING_ID);
    writeString(this.memory, ptr, value);
    return this.rt.__pin(ptr);
  }

  unpin(ptr: number): void {
    this.rt.__unpin(ptr);
  }

  /** Bytes held by managed objects not yet freed, as the collector counts them. */
  get heapLive(): number {
    return (this.rt.__shared_heap_live as WebAssembly.Global).value as number;
  }

  /** Runs a full collection. With the minimal collector, only call this with no wasm frame live. */
  collect(): void {
    this.rt.__collect();
  }

  /**
   * Calls `plugin.exportName` with JS values, converted by the export's recorded AssemblyScript
   * signature; the result is converted back (strings are copied out).
   */
  call(pluginName: string, exportName: string, ...args: unknown[]): unknown {
    const plugin = this.plugin(pluginName);
    const fn = (plugin.instance.exports as Record<string, unknown>)[exportName];
    const signature = plugin.manifest.exports[exportName];
    if (typeof fn !== "function" || !signature) {
      const known = Object.keys(plugin.manifest.exports).join(", ") || "none";
      throw new PluginCallError("NO_SUCH_EXPORT", pluginName, exportName, `plugin '${pluginName}' has no exported function '${exportName}' (it exports: ${known})`);
    }
    if (args.length > signature.params.length) {
      throw new PluginCallError("BAD_ARGUMENT", pluginName, exportName, `${pluginName}.${exportName} takes ${signature.params.length} argument(s), got ${args.length}`);
    }
    const pinned: number[] = [];
    try {
      const lowered = signature.params.map((type, i) => {
        const value = args[i];
        const kind = kindOf(type);
        const bad = (expected: string) =>
          new PluginCallError("BAD_ARGUMENT", pluginName, exportName, `argument ${i + 1} of ${pluginName}.${exportName} is a ${type}: expected ${expected}, found ${typeof value === "string" ? JSON.stringify(value) : String(value)}`);
        switch (kind) {
          case "number":
            if (typeof value !== "number" || Number.isNaN(value)) throw bad("a number");
            return value;
          case "bigint":
            if (typeof value === "bigint") return value;
            if (typeof value === "number" && Number.isInteger(value)) return BigInt(value);
            throw bad("an integer");
          case "bool":
            return value ? 1 : 0;
          case "string": {
            if (value === null && type.endsWith("null")) return 0;
            if (typeof value !== "string") throw bad("a string");
            const ptr = this.newString(value);
            pinned.push(ptr);
            return ptr;
          }
          default:
            throw new PluginCallError("UNSUPPORTED_TYPE", pluginName, exportName, `argument ${i + 1} of ${pluginName}.${exportName} has type ${type}, which the host cannot convert yet`);
        }
      });
      const raw = this.guard(pluginName, exportName, () => (fn as (...a: unknown[]) => unknown)(...lowered));
      const kind = kindOf(signature.result);
      switch (kind) {
        case "void":
          return undefined;
        case "string":
          return this.readString(raw as number);
        case "bool":
          return Boolean(raw);
        case "number":
        case "bigint":
          return raw;
        default:
          return raw; // a pointer: the caller knows what it is
      }
    } finally {
      for (const ptr of pinned) this.rt.__unpin(ptr);
    }
  }

  /**
   * Runs wasm code on behalf of `plugin.exportName`. A trap leaves the shadow stack pointer
   * where the unwound frames left it; restore it so the runtime stays usable, and name the
   * plugin and export in the error.
   */
  private guard<T>(pluginName: string, exportName: string, fn: () => T): T {
    const sp = this.rt.__stack_pointer;
    const saved = sp ? sp.value : 0;
    try {
      return fn();
    } catch (error) {
      if (sp) sp.value = saved;
      if (error instanceof PluginAbort) {
        throw new PluginCallError("PLUGIN_ABORT", pluginName, exportName, `${pluginName}.${exportName} failed: ${error.message}`, { cause: error });
      }
      if (error instanceof WebAssembly.RuntimeError) {
        throw new PluginCallError("PLUGIN_TRAP", pluginName, exportName, `${pluginName}.${exportName} trapped: ${error.message}`, { cause: error });
      }
      throw error;
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

async function instantiate(bytes: Uint8Array, imports: WebAssembly.Imports, who: string): Promise<WebAssembly.Instance> {
  try {
    const { instance } = await WebAssembly.instantiate(bytes as Uint8Array<ArrayBuffer>, imports);
    return instance;
  } catch (error) {
    const name = who === "runtime" ? "the runtime" : `plugin '${who}'`;
    throw new LoadError("INSTANTIATE_FAILED", who === "runtime" ? undefined : who, `cannot instantiate ${name}: ${(error as Error).message}`, { cause: error });
  }
}

/** AssemblyScript's standard host imports (`env`), bound to the plugin that imports them. */
function standardEnv(host: () => SharedHost, plugin: string, memory: WebAssembly.Memory, table: WebAssembly.Table, log: (line: string) => void): Record<string, unknown> {
  const str = (ptr: number) => readString(memory, ptr);
  const env: Record<string, unknown> = {
    memory,
    table,
    abort(message: number, file: number, line: number, column: number) {
      throw new PluginAbort(plugin, str(message) ?? "abort", str(file), line, column);
    },
    trace(message: number, n: number, ...values: number[]) {
      log(`trace: ${str(message)}${n ? " " : ""}${values.slice(0, n).join(", ")}`);
    },
    seed: () => Date.now() * Math.random(),
    "Date.now": () => Date.now(),
  };
  for (const method of ["log", "info", "warn", "error", "debug"] as const) {
    env[`console.${method}`] = (ptr: number) => log(str(ptr) ?? "null");
  }
  for (const key of Object.getOwnPropertyNames(Math) as (keyof Math)[]) {
    const value = Math[key];
    env[`Math.${String(key)}`] = typeof value === "function" ? (value as (...a: number[]) => number).bind(Math) : value;
  }
  void host;
  return env;
}
