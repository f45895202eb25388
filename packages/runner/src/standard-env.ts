/**
 * AssemblyScript's standard host imports (`env`: abort, trace, seed, Date, performance,
 * console, crypto, process.exit, Math), bound to the plugin that imports them, so that an
 * abort names that plugin and `crypto.getRandomValuesN` allocates with its class ids.
 */
import { ENV_NAMESPACE, STRING_ID } from "@shared-rt/abi";
import { PluginAbort } from "./errors.js";
import { HeapView, readString } from "./heap-view.js";

/** What the standard env needs of the host it runs in (none yet while the runtime itself loads). */
export interface EnvHost {
  /** Whether the shadow stack pointer is below its limit (AssemblyScript's stack check fired). */
  stackExhausted(): boolean;
  /** A Uint8Array of `n` random bytes, allocated with `plugin`'s class id, unpinned. */
  randomBytes(plugin: string, n: number): number;
  /** The error for a virtual call the runtime could not dispatch, if that is why it aborted. */
  dispatchMiss?(): Error | undefined;
}

type StringAt = (ptr: number) => string | null;

/**
 * `env` for `plugin` (`runtime` for the runtime module): the functions bound to the plugin
 * (abort, crypto, process.exit) on an object whose prototype holds the rest, made once per
 * memory (a host's memory, table and log; see {@link sharedEnv}). An import is a property lookup,
 * so the engine finds them through the prototype; starting 100 plugins no longer copies ~60
 * functions for each.
 */
export function standardEnv(
  host: () => EnvHost | undefined,
  plugin: string,
  memory: WebAssembly.Memory,
  table: WebAssembly.Table,
  log: (line: string) => void,
): Record<string, unknown> {
  const { env: shared, checkedStr } = sharedEnv(memory, table, log);
  const env: Record<string, unknown> = Object.create(shared);
  env.abort = relay((message: number, file: number, line: number, column: number) => {
    // AssemblyScript's stack check aborts when a frame would go below the stack limit. Its
    // message is not reliably in static data, so recognize the condition itself.
    if (host()?.stackExhausted()) {
      throw new PluginAbort(plugin, "stack overflow: the shared shadow stack is exhausted", null, 0, 0);
    }
    // The runtime aborts a virtual call it cannot dispatch; the host names class and method.
    const miss = plugin === "runtime" ? host()?.dispatchMiss?.() : undefined;
    if (miss) throw miss;
    throw new PluginAbort(plugin, checkedStr(message) ?? "abort", checkedStr(file), line, column);
  });
  env["crypto.getRandomValuesN"] = (n: number) => host()!.randomBytes(plugin, n);
  env["process.exit"] = (code: number) => {
    throw new PluginAbort(plugin, `exited with code ${code}`, null, 0, 0);
  };
  return env;
}

/**
 * `(module "env" "abort" (func (param i32 i32 i32 i32)))` re-exported by a wasm function that
 * calls it: what every AssemblyScript module imports, as a wasm function. An engine builds a
 * wrapper for each JS function a module imports; V8 (Node 20) builds it per module, ~30 µs, a
 * third of a small plugin's instantiation (measured); a wasm function needs none, and the relay's
 * one wrapper is built once for all its instances.
 */
const ABORT_RELAY = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 8, 1, 96, 4, 127, 127, 127, 127, 0, 2, 13, 1, 3, 101, 110, 118, 5, 97, 98, 111, 114, 116, 0, 0, 3, 2, 1, 0, 7, 9, 1, 5, 97,
  98, 111, 114, 116, 0, 1, 10, 14, 1, 12, 0, 32, 0, 32, 1, 32, 2, 32, 3, 16, 0, 11,
]);
let relayModule: WebAssembly.Module | undefined;
/** The JS abort behind each relay, for a module that imports `abort` with another signature. */
const relayed = new WeakMap<object, unknown>();

/** `abort` as a wasm function: an instance of the relay calling it. */
function relay(abort: (message: number, file: number, line: number, column: number) => never): unknown {
  relayModule ??= new WebAssembly.Module(ABORT_RELAY);
  const wasm = new WebAssembly.Instance(relayModule, { env: { abort } }).exports.abort;
  relayed.set(wasm, abort);
  return wasm;
}

/**
 * `imports` with its `env.abort` the JS function itself, not the relay, or undefined when it has
 * no relay: for a module whose `abort` has another signature than AssemblyScript's (LinkError).
 */
export function withoutRelay(imports: Record<string, Record<string, unknown>>): Record<string, Record<string, unknown>> | undefined {
  const env = imports[ENV_NAMESPACE];
  const abort = env && relayed.get(env.abort as object);
  if (abort === undefined) return undefined;
  return { ...imports, [ENV_NAMESPACE]: withEnv(Object.create(env), { abort }) };
}

/**
 * `env` extended by `extra` (a host's own env functions, which win), keeping the prototype that
 * holds the shared functions; a spread would drop it.
 */
export function withEnv(env: Record<string, unknown>, ...extra: (Record<string, unknown> | undefined)[]): Record<string, unknown> {
  for (const more of extra) {
    if (more) for (const key of Object.keys(more)) Object.defineProperty(env, key, { value: more[key], enumerable: true, writable: true, configurable: true });
  }
  return env;
}

interface SharedEnv {
  table: WebAssembly.Table;
  log: (line: string) => void;
  env: Readonly<Record<string, unknown>>;
  checkedStr: StringAt;
}

const shared = new WeakMap<WebAssembly.Memory, SharedEnv>();

/** The part of `env` bound to no plugin, one per memory (table and log): frozen, as every plugin of the memory sees it. */
function sharedEnv(memory: WebAssembly.Memory, table: WebAssembly.Table, log: (line: string) => void): SharedEnv {
  const made = shared.get(memory);
  if (made && made.table === table && made.log === log) return made;
  const heap = new HeapView(memory);
  const str: StringAt = (ptr) => readString(memory, ptr);
  // abort's strings are read with care: its message may come from code that is failing.
  const checkedStr: StringAt = (ptr) => {
    if (!ptr) return null;
    return heap.plausible(ptr) && heap.classId(ptr) === STRING_ID ? readString(memory, ptr) : `<unreadable string at ${ptr}>`;
  };
  const env = Object.freeze({
    memory,
    table,
    trace(message: number, n: number, ...values: number[]) {
      log(`trace: ${checkedStr(message)}${n ? " " : ""}${values.slice(0, n).join(", ")}`);
    },
    seed: () => Date.now() * Math.random(),
    "Date.now": () => Date.now(),
    "performance.now": () => performance.now(),
    ...consoleImports(str, log),
    ...mathImports(),
  });
  const entry = { table, log, env, checkedStr };
  shared.set(memory, entry);
  return entry;
}

/** `console.*`: log, info, warn, error, debug, assert and the timers, all written to `log`. */
function consoleImports(str: StringAt, log: (line: string) => void): Record<string, unknown> {
  const timers = new Map<string, number>();
  const elapsed = (label: number, stop: boolean) => {
    const name = str(label) ?? "default";
    const started = timers.get(name);
    if (stop) timers.delete(name);
    log(started === undefined ? `Timer '${name}' does not exist` : `${name}: ${(performance.now() - started).toFixed(3)}ms`);
  };
  const env: Record<string, unknown> = {
    "console.assert": (condition: number, message: number) => {
      if (!condition) log(`Assertion failed: ${str(message) ?? ""}`);
    },
    "console.time": (label: number) => void timers.set(str(label) ?? "default", performance.now()),
    "console.timeLog": (label: number) => elapsed(label, false),
    "console.timeEnd": (label: number) => elapsed(label, true),
  };
  for (const method of ["log", "info", "warn", "error", "debug"] as const) {
    env[`console.${method}`] = (ptr: number) => log(str(ptr) ?? "null");
  }
  return env;
}

let math: Record<string, unknown> | undefined;

/**
 * `Math.*`: every function and constant of JS's Math. Made once: the functions are bound to no
 * plugin, and making them for each plugin was about 5% of its start-up (measured).
 */
function mathImports(): Record<string, unknown> {
  if (math) return math;
  math = {};
  for (const key of Object.getOwnPropertyNames(Math) as (keyof Math)[]) {
    const value = Math[key];
    math[`Math.${String(key)}`] = typeof value === "function" ? (value as (...a: number[]) => number).bind(Math) : value;
  }
  return math;
}
