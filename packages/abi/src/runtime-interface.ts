/**
 * What the runtime module exports and plugins import, and what every plugin exports for the
 * runtime and the host.
 *
 * A plugin is an ordinary AssemblyScript module compiled with the stock runtime and then
 * rewritten by the `shared-init` transform: every runtime entry point becomes an import from
 * `RUNTIME_NAMESPACE`, the shadow-stack pointer becomes the runtime's, and the module
 * describes itself in a `LAYOUT_SECTION` custom section. The runtime module exports exactly the
 * names listed here.
 */

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
 * Runtime functions a plugin imports for virtual dispatch and `instanceof` across plugins (see
 * dispatch.ts). They only read the registry (or trap), so they are no entry points.
 */
export const DISPATCH_FUNCTIONS = {
  /** `(classId, declaringClassId, ordinal) => slot`: a table slot, or DISPATCH_INHERITS; traps when unregistered. */
  __shared_dispatch_lookup: { params: ["i32", "i32", "i32"], result: "i32" },
  /** `(classId, targetClassId) => 0 | 1`: whether the class is the target or extends or implements it. */
  __shared_instanceof: { params: ["i32", "i32"], result: "i32" },
  /** `(classId, declaringClassId, ordinal, kind) => never`: records why a call cannot be dispatched and traps. */
  __shared_dispatch_fail: { params: ["i32", "i32", "i32", "i32"], result: "none" },
} as const;

export type DispatchFunctionName = keyof typeof DISPATCH_FUNCTIONS;

/**
 * Runtime functions a host calls to have extra shadow stacks scanned as roots (a call suspended
 * with JSPI keeps its frames in a segment of its own; a worker thread has its own stack). The
 * host places a {@link STACK_RANGE_RECORD} anywhere in memory, fills `sp`, `base` and `top`,
 * links it, keeps `sp` current whenever that stack is not running, and unlinks it before the
 * memory is reused. The collector scans `[sp, top)` of every linked record; for the record whose
 * `[base, top)` holds the current `__stack_pointer`, from there. They only write a few words and
 * cannot trap, so they are no entry points (packages/runtime/assembly/stack-segments.ts).
 */
export const STACK_RANGE_FUNCTIONS = {
  /** `(record) => void`: starts scanning the stack the record describes. */
  __shared_stack_link: { params: ["i32"], result: "none" },
  /** `(record) => void`: stops scanning it. */
  __shared_stack_unlink: { params: ["i32"], result: "none" },
} as const;

/** Byte offsets of the u32 fields of a stack-range record, and its size. `next`/`prev` are the runtime's. */
export const STACK_RANGE_RECORD = { sp: 0, base: 4, top: 8, next: 12, prev: 16, size: 20 } as const;

/**
 * Wire names (import and export names) of the runtime's globals, by what they are. Short on
 * purpose: every plugin carries the name of each one it imports (`__stack_pointer` and friends
 * cost a small plugin ~50 bytes). Code names a global by its key here, never by the string.
 */
export const RUNTIME_GLOBAL_NAMES = {
  /** asc's `__stack_pointer`, one for every plugin. */
  stackPointer: "sp",
  /** The limit the stack check compares with (a plugin's `__data_end` becomes this). */
  stackLimit: "sl",
  /** asc's `__heap_base`. */
  heapBase: "hb",
  /** asc's `~argumentsLength`. */
  argumentsLength: "argc",
  /** The compact index a plugin's `__visit_members` switches on. */
  visitIndex: "vi",
} as const;

/**
 * Globals the runtime exports and plugins import, keyed by wire name. Every plugin pushes its
 * shadow-stack frames onto the runtime's one stack, so a collection sees the frames of every
 * plugin in a call chain (A calls B calls A) by scanning a single region; the limit is the
 * runtime's `__data_end`, so a plugin's stack check protects everyone's static data.
 */
export const RUNTIME_GLOBALS = {
  [RUNTIME_GLOBAL_NAMES.stackPointer]: { type: "i32", mutable: true },
  [RUNTIME_GLOBAL_NAMES.stackLimit]: { type: "i32", mutable: false },
  /** Everything below it is static data to the collector (plugins' `__heap_base` reads this). */
  [RUNTIME_GLOBAL_NAMES.heapBase]: { type: "i32", mutable: false },
  /**
   * How many arguments the next call of a function with default parameters passes (asc's
   * `~argumentsLength`), one for every plugin: a caller sets it right before a `call_indirect`,
   * and a function reference from another plugin must read what that caller set.
   */
  [RUNTIME_GLOBAL_NAMES.argumentsLength]: { type: "i32", mutable: true },
  /**
   * Set by the runtime right before it calls a plugin's members visitor: the compact index
   * (4 + k, the plugin's k-th class) of the object's class in the plugin that owns the id.
   * The plugin's generated `__visit_members` switches on it instead of on the object's id, so
   * shared ids need no arithmetic and any plugin's objects of a shared class are visited by
   * the owner's code.
   */
  [RUNTIME_GLOBAL_NAMES.visitIndex]: { type: "i32", mutable: true },
} as const;

export type RuntimeGlobalName = keyof typeof RUNTIME_GLOBALS;

/**
 * Exports whose names start with this are the transform's, not the user's. No AssemblyScript
 * identifier starts with `~`, so no export of the user's can.
 */
export const SHARED_EXPORT_PREFIX = "~";

/** Exports every plugin gets from the transform (short names: every plugin carries them). */
export const PLUGIN_EXPORTS = {
  /** `(cookie: u32) => void`: visits the plugin's managed globals. */
  visitGlobals: `${SHARED_EXPORT_PREFIX}vg`,
  /** `(ptr: usize, cookie: u32) => void`: visits the members of an object of the plugin's classes. */
  visitMembers: `${SHARED_EXPORT_PREFIX}vm`,
  /**
   * The start function (static initializers); the host calls it after registration. A linked
   * plugin whose start function does nothing does not export it (the host skips a missing one).
   */
  start: "_start",
  /** `(n: i32) => void`: asc's; sets how many arguments the next varargs call passes. */
  setArgumentsLength: "__setArgumentsLength",
} as const;

/**
 * Prefix of the export under which an export with default parameters keeps asc's
 * argument-count wrapper: `~varargs_greet` for `greet`. The export `greet` itself takes
 * every argument; a host that omits trailing ones calls `__setArgumentsLength(n)` and this.
 */
export const VARARGS_EXPORT_PREFIX = `${SHARED_EXPORT_PREFIX}varargs_`;

/** Table slots at the end of a plugin's table range where the host puts its two visitors. */
export const VISITOR_SLOTS = 2;

/** Exports of the runtime module beyond {@link RUNTIME_FUNCTIONS} and {@link RUNTIME_GLOBALS}. */
export const RUNTIME_EXPORTS = {
  /**
   * `(abi, visitGlobalsSlot, visitMembersSlot, ids, count, rttiBase) => handle`. Slots are
   * indices into the shared table; `ids` points to `count` u32s, the real id of each of the
   * plugin's classes in compact order (compact key 4 + k has id `ids[k]`; the host writes them
   * into a block from `__alloc` and frees it after). A private id (>= FIRST_PLUGIN_CLASS_ID)
   * must be free; a shared id is claimed by the first plugin registering it, and any later one
   * must give it the same RTTI flags. Returns a handle (>= 0) or one of the REGISTER_CODES (< 0).
   */
  register: "__shared_register",
  /** `(handle) => i32`: drops a plugin's roots (its globals); its class ids stay registered. */
  unregister: "__shared_unregister",
  /** `() => u32`: the runtime's ABI_VERSION. */
  abiVersion: "__shared_abi_version",
  /** Global `usize`: bytes held by managed objects not yet freed (the collector's own count). */
  heapLive: "__shared_heap_live",
  /**
   * Global `i32`: the runtime entry points in progress, {@link ENTRY_BITS} bits each, the
   * innermost in the lowest bits; each is its index in {@link RUNTIME_ENTRY_POINTS} plus one.
   * Zero whenever no runtime code runs. After a failed call, a value other than the one before
   * it means a trap interrupted the allocator or the collector in the middle of changing the
   * heap, which may then be inconsistent. Hosts only read it.
   */
  entries: "__shared_runtime_entries",
  /**
   * `(classId, declaringClassId, ordinal, value) => void`: registers a stub slot (or
   * DISPATCH_INHERITS) for a class and method, or with ordinal DISPATCH_IS_A that the class is
   * an instance of `declaringClassId`. The first registration of a pair wins.
   */
  dispatchSet: "__shared_dispatch_set",
  /**
   * Global `usize`: address of four u32 the runtime writes before it traps in dispatch: class
   * id, declaring class id, ordinal, DISPATCH_MISS_KINDS. The host names class and method.
   */
  dispatchMiss: "__shared_dispatch_miss",
} as const;

/** Bits per entry point in {@link RUNTIME_EXPORTS.entries}. */
export const ENTRY_BITS = 4;

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
  RUNTIME_EXPORTS.dispatchSet,
] as const;
