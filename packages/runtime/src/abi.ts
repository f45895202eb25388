/**
 * The contract between the shared runtime and its plugins.
 *
 * A plugin is an ordinary AssemblyScript module compiled with the stock runtime and then
 * rewritten by the `shared-init` transform: every runtime entry point becomes an import from
 * {@link RUNTIME_NAMESPACE}, the shadow-stack pointer becomes the runtime's, and the module
 * describes itself in a {@link LAYOUT_SECTION} custom section. The runtime module exports
 * exactly the names listed here. Bump {@link ABI_VERSION} whenever any of this changes shape.
 */

/** Version of the registration ABI. The runtime refuses plugins built for another one. */
export const ABI_VERSION = 1;

/** Import namespace under which plugins find the runtime. Reserved: no plugin may use it. */
export const RUNTIME_NAMESPACE = "shared-rt";

/** Import namespace of AssemblyScript's standard host functions (abort, trace, seed, …). */
export const ENV_NAMESPACE = "env";

/** Name of the custom section in which a plugin records its layout (JSON, UTF-8). */
export const LAYOUT_SECTION = "shared-rt.layout";

/**
 * Class ids 0–3 (Object, ArrayBuffer, String, ArrayBufferView) are assigned by the compiler
 * identically in every module. Ids below {@link FIRST_PLUGIN_CLASS_ID} belong to the runtime
 * (its own classes, and room for classes shared by every plugin later); each plugin's own
 * classes get a contiguous range at or above it.
 */
export const COMMON_CLASS_IDS = 4;
export const FIRST_PLUGIN_CLASS_ID = 32;

/**
 * Runtime functions a plugin may import, with their wasm signatures (i32 = usize on wasm32).
 * These are the `@global` entry points of AssemblyScript's `~lib/rt` (tlsf, itcms/tcms) plus
 * `__typeinfo`, which the runtime answers for every plugin's class ids.
 */
export const RUNTIME_FUNCTIONS = {
  __alloc: { params: ["i32"], result: "i32" },
  __realloc: { params: ["i32", "i32"], result: "i32" },
  __free: { params: ["i32"], result: "none" },
  __new: { params: ["i32", "i32"], result: "i32" },
  __renew: { params: ["i32", "i32"], result: "i32" },
  __link: { params: ["i32", "i32", "i32"], result: "none" },
  __pin: { params: ["i32"], result: "i32" },
  __unpin: { params: ["i32"], result: "none" },
  __collect: { params: [], result: "none" },
  __visit: { params: ["i32", "i32"], result: "none" },
  __typeinfo: { params: ["i32"], result: "i32" },
} as const;

export type RuntimeFunctionName = keyof typeof RUNTIME_FUNCTIONS;

/**
 * Globals the runtime exports and plugins import. Every plugin pushes its shadow-stack frames
 * onto the runtime's one stack, so a collection sees the frames of every plugin in a call
 * chain (A calls B calls A) by scanning a single region; the limit is the runtime's
 * `__data_end`, so a plugin's stack check protects everyone's static data.
 */
export const RUNTIME_GLOBALS = {
  __stack_pointer: { type: "i32", mutable: true },
  __stack_limit: { type: "i32", mutable: false },
  /** Everything below it is static data to the collector (plugins' `__heap_base` reads this). */
  __heap_base: { type: "i32", mutable: false },
} as const;

/** Exports every plugin gets from the transform. */
export const PLUGIN_EXPORTS = {
  /** `(cookie: u32) => void`: visits the plugin's managed globals. */
  visitGlobals: "__shared_visit_globals",
  /** `(ptr: usize, cookie: u32) => void`: visits the members of an object of the plugin's classes. */
  visitMembers: "__shared_visit_members",
  /** The start function (static initializers); the host calls it after registration. */
  start: "_start",
} as const;

/** Exports of the runtime module beyond {@link RUNTIME_FUNCTIONS} and {@link RUNTIME_GLOBALS}. */
export const RUNTIME_EXPORTS = {
  /**
   * `(abi, visitGlobalsSlot, visitMembersSlot, classBase, classCount, rttiBase) => handle`.
   * Slots are indices into the shared table. Aborts with a message when the ABI differs or a
   * class-id range overlaps one already registered.
   */
  register: "__shared_register",
  /** `(handle) => i32`: drops a plugin's roots (its globals); its class ids stay registered. */
  unregister: "__shared_unregister",
  /** `() => u32`: the runtime's {@link ABI_VERSION}. */
  abiVersion: "__shared_abi_version",
  /** Global `usize`: bytes held by managed objects not yet freed (the collector's own count). */
  heapLive: "__shared_heap_live",
  /**
   * Global `i32`: the runtime entry points in progress, four bits each, the innermost in the
   * lowest bits; each is its index in {@link RUNTIME_ENTRY_POINTS} plus one. Zero whenever no
   * runtime code runs. After a failed call, a value other than the one before it means a trap
   * interrupted the allocator or the collector in the middle of changing the heap, which may
   * then be inconsistent. Hosts only read it.
   */
  entries: "__shared_runtime_entries",
} as const;

/**
 * Every function the runtime exports; the build wraps each one that changes anything to record
 * itself in {@link RUNTIME_EXPORTS.entries}, by its index here plus one. Append only (hosts map
 * the numbers back to names), and at most 15 (four bits each).
 */
export const RUNTIME_ENTRY_POINTS = [
  ...(Object.keys(RUNTIME_FUNCTIONS) as RuntimeFunctionName[]),
  RUNTIME_EXPORTS.register,
  RUNTIME_EXPORTS.unregister,
  RUNTIME_EXPORTS.abiVersion,
] as const;

/** The collectors a project can choose. */
export type Collector = "incremental" | "minimal";
export const COLLECTORS: readonly Collector[] = ["incremental", "minimal"];
