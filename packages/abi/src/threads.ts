/**
 * Threads: the runtime and every plugin instantiated on several workers over one shared memory
 * (`"threads"` in shared-rt.json, `Manifest.threads`). The threaded runtime keeps its state in a
 * block of that memory (`THREAD_STATE`); each worker's instance keeps only what is its own
 * (shadow-stack pointer, entry points in progress, argument count, its thread index).
 *
 * The AssemblyScript half mirrors these in `@shared-rt/runtime`'s assembly/threads.ts;
 * its runtime-build test keeps them equal.
 */

/** Workers a project may run on: one thread record each in the state block. */
export const MAX_THREADS = 64;

/** Byte offsets in the threaded runtime's state block (exported as {@link THREAD_EXPORTS.state}). */
export const THREAD_STATE = {
  /** The runtime's mutex: 0 when free, else the owner's thread index + 1. */
  lock: 0,
  /** How many times the owner holds it (runtime entry points nest through plugin visitors). */
  depth: 4,
  /** 0, or the thread index + 1 of the worker that asked every other one to stop. */
  stop: 8,
  /** Counts thread-state changes; a worker waiting for the others to stop waits on it. */
  progress: 12,
  /** Workers waiting for the mutex. */
  waiters: 16,
  /** One more than the highest thread index attached. */
  count: 20,
  /** Thread records, {@link THREAD_RECORD_SIZE} bytes each, by thread index. */
  records: 64,
  /** The runtime's globals that are not per worker, 4 bytes each, in the build's order. */
  globals: 64 + 32 * MAX_THREADS,
  /** Size of the whole block. */
  size: 4096,
} as const;

/** A thread record: byte offsets. */
export const THREAD_RECORD = {
  /** One of {@link THREAD_STATES}. */
  state: 0,
  /** Its shadow-stack pointer when it parked (its roots are [sp, top)). */
  sp: 4,
  /** Top of its shadow-stack region. */
  top: 8,
  /** Raw block of the plugin-global roots it recorded when it parked or went idle. */
  roots: 12,
  rootCount: 16,
  rootCapacity: 20,
  /**
   * The state the last collection saw in the pass that found no other worker running; it
   * scans by this one (a worker seen stopped may show running for a moment, running no code).
   */
  seen: 24,
  /**
   * Its block caches (the runtime's assembly/threads-arena.ts): one stack of ready objects per
   * small size class, which it hands out without the mutex; 0 until its first small __new.
   */
  arena: 28,
} as const;
export const THREAD_RECORD_SIZE = 32;

/**
 * A worker's block caches (the block {@link THREAD_RECORD}.arena points at): byte offsets the
 * host reads. Blocks waiting in a cache are counted in the collector's total (they are objects
 * to it); the host's heapLive subtracts every worker's `cachedBytes`, so that it counts only
 * objects handed out, as on one thread.
 */
export const THREAD_ARENA = {
  /** Bytes of the blocks in this worker's caches, as the collector counted them. */
  cachedBytes: 16 * (4 + 32 * 4),
} as const;

/** States of a thread record. */
export const THREAD_STATES = {
  /** Never attached: no roots. */
  absent: 0,
  /** Running wasm (or the host on its behalf): a collection waits for it. */
  running: 1,
  /** Between calls: no wasm frame; its roots are what it recorded when it left. */
  idle: 2,
  /** Stopped at a safepoint for another worker's collection. */
  parked: 3,
} as const;

/**
 * The visit cookie with which a worker visits its own plugins' globals when it parks or goes
 * idle: the runtime's `__visit` records each pointer in the worker's record instead of marking
 * it (a collecting worker cannot read another worker's globals).
 */
export const RECORD_ROOTS_COOKIE = 0x52454344;

/** Exports of the threaded runtime, besides the ordinary runtime interface. */
export const THREAD_EXPORTS = {
  /** i32 global: address of the state block. */
  state: "__shared_threads_state",
  /** () → void: the runtime's initialization (its start function), run once, by the first worker. */
  init: "__shared_threads_init",
  /** (index, stackTop) → void: makes this instance thread `index`, running. */
  attach: "__shared_thread_attach",
  /** () → void: from idle to running; waits while a collection is in progress. */
  enter: "__shared_thread_enter",
  /** () → void: records this worker's plugin-global roots and goes idle. */
  leave: "__shared_thread_leave",
  /** () → void: a safepoint for long-running plugin code (parks if another worker asked); see {@link THREAD_FUNCTIONS}. */
  poll: "__shared_thread_poll",
  /** () → void: after a trap, gives back the mutex if this worker held it. */
  resetLock: "__shared_thread_reset_lock",
  /**
   * () → void: before a blocking host function runs (`ManifestImport.blocking`): stores the
   * shadow-stack pointer, records the plugin-global roots, counts this worker as parked.
   */
  hostEnter: "__shared_thread_host_enter",
  /** () → void: after it returned: running again, parked first if another worker is collecting. */
  hostLeave: "__shared_thread_host_leave",
} as const;

/**
 * Runtime functions a plugin may import (from RUNTIME_NAMESPACE) for threads; `@shared-rt/threads`
 * (Mutex, Condition) is built on them. Every runtime exports them; in an ordinary one they act
 * as on one thread. With or without asc's threads feature (a threaded project's plugins have it), these are:
 * - `__shared_thread_poll()`: a safepoint for a long loop that neither allocates nor calls out
 *   (a collection on another worker waits until every running worker reaches one);
 * - `__shared_thread_cmpxchg(address, expected, replacement) → old` and
 *   `__shared_thread_add(address, delta) → old`: atomic on an aligned i32;
 * - `__shared_thread_wait(address, expected, timeoutNs) → 0 ok | 1 not-equal | 2 timed-out`:
 *   `memory.atomic.wait32`, and a safepoint: the waiting worker counts as parked, so other
 *   workers collect meanwhile (on one thread it never blocks: 1, or 2 when equal);
 * - `__shared_thread_notify(address, count) → woken`.
 */
export const THREAD_FUNCTIONS = {
  __shared_thread_poll: { params: [], result: "none" },
  __shared_thread_cmpxchg: { params: ["i32", "i32", "i32"], result: "i32" },
  __shared_thread_add: { params: ["i32", "i32"], result: "i32" },
  __shared_thread_wait: { params: ["i32", "i32", "i64"], result: "i32" },
  __shared_thread_notify: { params: ["i32", "i32"], result: "i32" },
} as const;

/** Import namespace of the threaded runtime's per-worker values. */
export const THREAD_NAMESPACE = "shared-rt-thread";
/** Per-worker imports of the threaded runtime: the limit of this worker's shadow-stack region. */
export const THREAD_IMPORTS = { stackLimit: "stack_limit" } as const;

/** Default bytes of shadow stack per worker. */
export const THREAD_STACK_SIZE = 32768;
/** Default maximum memory (pages) of a threaded project that sets none: shared memory needs one. */
export const THREAD_DEFAULT_MAXIMUM_PAGES = 16384;
