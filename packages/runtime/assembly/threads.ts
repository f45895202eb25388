// Threads (@shared-rt/abi threads.ts says what is where): the runtime's state in one block of
// the shared memory, a mutex around every runtime entry point, and collections that stop the
// world cooperatively. Compiled only into the threaded runtime (entry threaded.ts); the build
// (src/make-runtime-threaded.ts) wires these functions into the entry-point wrappers and the
// collector, then moves every runtime global that is not per worker into the block.
//
//   state block ─▶ ┌──────┬───────┬──────┬──────────┬─────────┬───────┬─ … ─┬──────────────┬─────────┐
//                  │ lock │ depth │ stop │ progress │ waiters │ count │     │ thread 0..63 │ globals │
//                  └──────┴───────┴──────┴──────────┴─────────┴───────┴─ … ─┴──────────────┴─────────┘
//                   0      4       8      12         16        20            64             2112
//   thread record: state, sp (when parked), top of its stack region, roots, rootCount, rootCapacity,
//                  the state the last collection saw, its block caches (threads-arena.ts)
//
// A worker is at a safepoint when every reference it holds is on its shadow stack, in a plugin
// global or pinned: at the entry of __new, __renew and __collect (AssemblyScript's shadow-stack
// pass spills before every call that may allocate), at an explicit poll, and between calls.
// __pin, __link and __visit are not: their caller may hold its reference only in a wasm local.

import { __shared_dispatch_globals } from "./index";
import { arenaForgetAll, arenaPop, arenaSlowNew, arenaVisitAll } from "./threads-arena";

// @ts-ignore: decorator
@inline const MAX_THREADS: u32 = 64;
// @ts-ignore: decorator
@inline const LOCK: usize = 0;
// @ts-ignore: decorator
@inline const DEPTH: usize = 4;
// @ts-ignore: decorator
@inline const STOP: usize = 8;
// @ts-ignore: decorator
@inline const PROGRESS: usize = 12;
// @ts-ignore: decorator
@inline const WAITERS: usize = 16;
// @ts-ignore: decorator
@inline const COUNT: usize = 20;
// @ts-ignore: decorator
@inline const RECORDS: usize = 64;
// @ts-ignore: decorator
@inline const RECORD_SIZE: usize = 32;
// @ts-ignore: decorator
@inline const R_STATE: usize = 0;
// @ts-ignore: decorator
@inline const R_SP: usize = 4;
// @ts-ignore: decorator
@inline const R_TOP: usize = 8;
// @ts-ignore: decorator
@inline const R_ROOTS: usize = 12;
// @ts-ignore: decorator
@inline const R_COUNT: usize = 16;
// @ts-ignore: decorator
@inline const R_CAPACITY: usize = 20;
// @ts-ignore: decorator
@inline const R_SEEN: usize = 24;
// @ts-ignore: decorator
@inline const RUNNING: u32 = 1;
// @ts-ignore: decorator
@inline const IDLE: u32 = 2;
// @ts-ignore: decorator
@inline const PARKED: u32 = 3;
// @ts-ignore: decorator
@inline const SPINS: u32 = 200;
// @ts-ignore: decorator
@inline const RECORD_ROOTS_COOKIE: i32 = 0x52454344;

/** The state block (THREAD_STATE.size bytes): static data, so only the first worker's instantiation writes it. */
export const STATE: usize = memory.data(4096, 16);
export { STATE as __shared_threads_state };

// Faults for tests (src/make-runtime-threaded.ts sets them in a fault build): a collection
// scans only its own worker's stack, or leaves out the plugin globals other workers recorded.
let faultOwnStackOnly: bool = false;
let faultSkipRecordedRoots: bool = false;

/** This instance's thread index: per worker, like every instance's own globals. */
let me: u32 = 0;

// @ts-ignore: decorator
@inline function record(k: u32): usize {
  return STATE + RECORDS + <usize>k * RECORD_SIZE;
}

function bumpProgress(): void {
  atomic.add<u32>(STATE + PROGRESS, 1);
  atomic.notify(STATE + PROGRESS, -1);
}

/** Takes the runtime's mutex (recursive: the collector's visitors call back on the same worker). */
export function __shared_threads_lock(): void {
  let owner = me + 1;
  if (atomic.load<u32>(STATE + LOCK) == owner) {
    store<u32>(STATE + DEPTH, load<u32>(STATE + DEPTH) + 1);
    return;
  }
  while (atomic.cmpxchg<u32>(STATE + LOCK, 0, owner) != 0) {
    // Reads only (the line stays shared) for a while: a holder is usually out before a sleeper wakes (10–20 µs).
    let spins = SPINS;
    while (spins && atomic.load<u32>(STATE + LOCK)) --spins;
    if (spins) continue;
    atomic.add<u32>(STATE + WAITERS, 1);
    let holder = atomic.load<u32>(STATE + LOCK);
    if (holder) atomic.wait<u32>(STATE + LOCK, holder, -1);
    atomic.sub<u32>(STATE + WAITERS, 1);
  }
  store<u32>(STATE + DEPTH, 1);
}

export function __shared_threads_unlock(): void {
  // One load of a word this worker just wrote: a give-back by a worker that does not hold the
  // mutex (how the V8 bug src/route-waits.ts works around showed) stops here, not in the allocator.
  if (atomic.load<u32>(STATE + LOCK) != me + 1) abort("shared-rt: the runtime's mutex given back by a worker that does not hold it");
  let depth = load<u32>(STATE + DEPTH) - 1;
  store<u32>(STATE + DEPTH, depth);
  if (depth) return;
  atomic.store<u32>(STATE + LOCK, 0);
  if (atomic.load<u32>(STATE + WAITERS)) atomic.notify(STATE + LOCK, 1);
}

/**
 * After a trap: gives back the mutex if this worker still holds it (the trap skipped its unlocks),
 * and ends a stop it asked for, so that no other worker waits forever (the host refuses this heap
 * from then on if the trap interrupted the runtime).
 */
export function __shared_thread_reset_lock(): void {
  if (atomic.load<u32>(STATE + STOP) == me + 1) {
    atomic.store<u32>(STATE + STOP, 0);
    atomic.notify(STATE + STOP, -1);
  }
  if (atomic.load<u32>(STATE + LOCK) != me + 1) return;
  store<u32>(STATE + DEPTH, 0);
  atomic.store<u32>(STATE + LOCK, 0);
  atomic.notify(STATE + LOCK, -1);
}

/** Appends a root to this worker's record (the runtime's __visit with RECORD_ROOTS_COOKIE). */
export function __shared_threads_record(ptr: usize): void {
  if (!ptr) return;
  let r = record(me);
  let count = load<u32>(r + R_COUNT);
  let capacity = load<u32>(r + R_CAPACITY);
  if (count == capacity) {
    let grown = max<u32>(64, capacity << 1);
    let roots = load<usize>(r + R_ROOTS);
    store<usize>(r + R_ROOTS, roots ? heap.realloc(roots, <usize>grown << 2) : heap.alloc(<usize>grown << 2));
    store<u32>(r + R_CAPACITY, grown);
  }
  store<usize>(load<usize>(r + R_ROOTS) + (<usize>count << 2), ptr);
  store<u32>(r + R_COUNT, count + 1);
}

/** Records what this worker's plugin globals reference, for a collection on another worker. */
function recordRoots(): void {
  __shared_threads_lock();
  store<u32>(record(me) + R_COUNT, 0);
  __shared_dispatch_globals(RECORD_ROOTS_COOKIE);
  __shared_threads_unlock();
}

/** Stops here until the collection another worker asked for is over. Not holding the mutex. */
function park(): void {
  let r = record(me);
  do {
    store<usize>(r + R_SP, __stack_pointer);
    recordRoots();
    atomic.store<u32>(r + R_STATE, PARKED);
    bumpProgress();
    while (true) {
      let stop = atomic.load<u32>(STATE + STOP);
      if (!stop) break;
      atomic.wait<u32>(STATE + STOP, stop, -1);
    }
    atomic.store<u32>(r + R_STATE, RUNNING);
    // Seen after our RUNNING (both sequentially consistent): a new request waits for us, or we park again.
  } while (atomic.load<u32>(STATE + STOP) != 0);
}

/** A safepoint: parks if another worker asked the world to stop. */
export function __shared_thread_poll(): void {
  let stop = atomic.load<u32>(STATE + STOP);
  if (stop != 0 && stop != me + 1) park();
}

/** Makes this instance thread `index`, whose shadow stack starts at `top`, and enters. */
export function __shared_thread_attach(index: u32, top: usize): void {
  if (index >= MAX_THREADS) abort("shared-rt: thread index out of range");
  me = index;
  let r = record(index);
  store<usize>(r + R_TOP, top);
  store<usize>(r + R_SP, top);
  atomic.store<u32>(r + R_STATE, IDLE);
  while (true) {
    let count = atomic.load<u32>(STATE + COUNT);
    if (count > index || atomic.cmpxchg<u32>(STATE + COUNT, count, index + 1) == count) break;
  }
  __shared_thread_enter();
}

/** From idle to running, after any collection in progress. */
export function __shared_thread_enter(): void {
  let r = record(me);
  while (true) {
    let stop = atomic.load<u32>(STATE + STOP);
    if (stop) {
      atomic.wait<u32>(STATE + STOP, stop, -1);
      continue;
    }
    atomic.store<u32>(r + R_STATE, RUNNING);
    if (!atomic.load<u32>(STATE + STOP)) return;
    atomic.store<u32>(r + R_STATE, IDLE);
    bumpProgress();
  }
}

/** Records this worker's roots and goes idle: a collection on another worker no longer waits for it. */
export function __shared_thread_leave(): void {
  let r = record(me);
  recordRoots();
  store<usize>(r + R_SP, load<usize>(r + R_TOP));
  atomic.store<u32>(r + R_STATE, IDLE);
  bumpProgress();
}

/**
 * A full collection with every other worker parked or idle, called holding the mutex once (from
 * __collect, or from __new in place of an incremental step). False when it did not collect: nested
 * deeper (the mutex cannot be let go), or another worker's collection ran instead (it parked for it).
 */
export function __shared_threads_collect(): bool {
  if (load<u32>(STATE + DEPTH) != 1) return false;
  let owner = me + 1;
  if (atomic.cmpxchg<u32>(STATE + STOP, 0, owner) != 0) {
    __shared_threads_unlock();
    park();
    __shared_threads_lock();
    return false;
  }
  // Let go of the mutex, so that a worker inside __pin or __alloc finishes and reaches a safepoint.
  __shared_threads_unlock();
  // Wait until one pass finds no other worker running, and keep the states that pass saw: the
  // collection goes by them. A worker seen stopped may flip to running for a moment (it saw
  // no stop, then sees ours and stops again) but runs no plugin code before the stop ends, so
  // its stack and recorded roots stay what they were.
  while (true) {
    let progress = atomic.load<u32>(STATE + PROGRESS);
    let busy = false;
    // Every record, not only the attached ones: a stale state from an older collection must not stay.
    for (let k: u32 = 0; k < MAX_THREADS; ++k) {
      let state = atomic.load<u32>(record(k) + R_STATE);
      store<u32>(record(k) + R_SEEN, state);
      if (k != me && state == RUNNING) busy = true;
    }
    if (!busy) break;
    atomic.wait<u32>(STATE + PROGRESS, progress, -1);
  }
  __shared_threads_lock();
  store<usize>(record(me) + R_SP, __stack_pointer);
  arenaForgetAll(STATE + RECORDS, RECORD_SIZE, atomic.load<u32>(STATE + COUNT));
  __collect();
  atomic.store<u32>(STATE + STOP, 0);
  atomic.notify(STATE + STOP, -1);
  return true;
}

// The exported __new (src/arena-new.ts): a safepoint, then a pop from this worker's cache
// (threads-arena.ts), else the slow one, wrapped (safepoint, mutex) as the collector's __new was.
export function __shared_arena_new(size: usize, id: u32): usize {
  __shared_thread_poll();
  return arenaPop(record(me), size, id);
}
export function __shared_arena_slow_new(size: usize, id: u32): usize {
  return arenaSlowNew(record(me), size, id);
}

/** The collector's stack scan: this worker's stack and every parked worker's. */
export function __shared_threads_visit_stacks(cookie: i32): void {
  let count = atomic.load<u32>(STATE + COUNT);
  for (let k: u32 = 0; k < count; ++k) {
    let r = record(k);
    let ptr: usize;
    if (k == me) ptr = __stack_pointer;
    else if (!faultOwnStackOnly && load<u32>(r + R_SEEN) == PARKED) ptr = load<usize>(r + R_SP);
    else continue;
    let top = load<usize>(r + R_TOP);
    while (ptr < top) {
      __visit(load<usize>(ptr), cookie);
      ptr += sizeof<usize>();
    }
  }
}

/** The plugin-global roots every other worker recorded when it parked or went idle. */
export function __shared_threads_visit_recorded(cookie: i32): void {
  let count = atomic.load<u32>(STATE + COUNT);
  arenaVisitAll(STATE + RECORDS, RECORD_SIZE, count, cookie);
  if (faultSkipRecordedRoots) return;
  for (let k: u32 = 0; k < count; ++k) {
    if (k == me) continue;
    let r = record(k);
    let state = load<u32>(r + R_SEEN);
    if (state != PARKED && state != IDLE) continue;
    let roots = load<usize>(r + R_ROOTS);
    let n = load<u32>(r + R_COUNT);
    for (let i: u32 = 0; i < n; ++i) __visit(load<usize>(roots + (<usize>i << 2)), cookie);
  }
}

// Atomics for plugins, which are compiled without the threads feature (THREAD_FUNCTIONS in
// @shared-rt/abi threads.ts; @shared-rt/threads builds Mutex and Condition on them).

export function __shared_thread_cmpxchg(address: usize, expected: i32, replacement: i32): i32 {
  return atomic.cmpxchg<i32>(address, expected, replacement);
}

export function __shared_thread_add(address: usize, delta: i32): i32 {
  return atomic.add<i32>(address, delta);
}

export function __shared_thread_notify(address: usize, count: i32): i32 {
  return atomic.notify(address, count);
}

/** memory.atomic.wait32, counted as parked: other workers collect while this one waits. */
export function __shared_thread_wait(address: usize, expected: i32, timeout: i64): i32 {
  let r = record(me);
  store<usize>(r + R_SP, __stack_pointer);
  recordRoots();
  atomic.store<u32>(r + R_STATE, PARKED);
  bumpProgress();
  let result = <i32>atomic.wait<i32>(address, expected, timeout);
  atomic.store<u32>(r + R_STATE, RUNNING);
  // Seen after our RUNNING: a collection asked for meanwhile is waited out here.
  __shared_thread_poll();
  return result;
}

// Host imports as safepoints: the runner calls these around a host function declared blocking
// (`"blocking"` in shared-rt.json), so that a worker waiting in JS does not hold up another's
// collection. Safe: asc's shadow-stack pass spills every managed local and call operand first.
/** Before a blocking host function runs: this worker counts as parked (as in __shared_thread_wait). */
export function __shared_thread_host_enter(): void {
  let r = record(me);
  store<usize>(r + R_SP, __stack_pointer);
  recordRoots();
  atomic.store<u32>(r + R_STATE, PARKED);
  bumpProgress();
}

/** After it returned (or threw): running again, after any collection asked for meanwhile. */
export function __shared_thread_host_leave(): void {
  atomic.store<u32>(record(me) + R_STATE, RUNNING);
  // Seen after our RUNNING: a collection asked for meanwhile is waited out here.
  __shared_thread_poll();
}
