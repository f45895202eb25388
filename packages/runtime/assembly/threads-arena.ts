// Per-worker block caches of the threaded runtime with the incremental collector (threads.ts
// calls these; src/make-runtime-threaded.ts wires the exported __new to them). Without them
// every __new takes the runtime's mutex, and two workers allocating are slower than one
// (tools/bench/README.md, "Per-worker arenas").
//
//   thread record + R_ARENA ─▶ arena: one stack per size class (payload 12, 28, …, 252 bytes)
//   ┌───────┬──────────────┬───────┬──────────────┬─ … ─┐
//   │ count │ CAP pointers │ count │ CAP pointers │     │
//   └───────┴──────────────┴───────┴──────────────┴─ … ─┘
//
// A cached block is a whole object made by the collector's own __new under the mutex (a batch
// per taking of the mutex): linked white into the collector's list, counted in its total,
// rtId 0 (no members) and its payload zeroed. Its owner hands it out without the mutex: pop,
// set rtId and rtSize, return. The owner never writes the link words, which only the mutex
// holder touches (another worker's __pin may relink a neighbour at any time), so a popped
// object is an ordinary one at once: __pin, __renew, another worker's structures, all as usual.
//
// What makes that safe: a collection runs only with every other worker parked or idle, and a
// worker hands out blocks only while running, between a safepoint (the poll first thing) and
// its return. A collection the collector starts (its threshold, in a refill or a slow __new)
// marks every cached block as a root: the caches live on, as a batch of new objects would. One
// asked for (the exported __collect: the host's collect(), a plugin's __collect()) forgets them
// first (counts set to 0): they are unreachable white objects then, so the sweep frees them and
// the heap and its counter return to what is live. A cache neither marked nor forgotten hands
// out blocks the sweep freed (the fault faultKeepArenas proves the tests notice).

// @ts-ignore: decorator
@inline const R_ARENA: usize = 28;
/**
 * Size classes: payloads 12, 28, …, 252 bytes (class (size + 3) >> 4, payload 16 × class + 12),
 * the usable sizes of TLSF's blocks (16-byte steps, 4-byte block header, 16-byte object
 * header), so that an object takes the block (and counts the bytes) it would without caches.
 */
// @ts-ignore: decorator
@inline const CLASSES: usize = 16;
// @ts-ignore: decorator
@inline const MAX_SMALL: usize = 252;
/** Blocks a class caches at most. */
// @ts-ignore: decorator
@inline const CAP: u32 = 32;
// @ts-ignore: decorator
@inline const STACK_BYTES: usize = 4 + <usize>CAP * 4;
/** Bytes one refill takes at most (the collector's step granularity is 1024). */
// @ts-ignore: decorator
@inline const BATCH_BYTES: usize = 1024;
// The collector's object header ends with rtId and rtSize, right before the payload
// (~lib/rt/itcms.ts's Object); the runtime-build test checks an object made here reads back.
// @ts-ignore: decorator
@inline const RT_ID: usize = 8;
// @ts-ignore: decorator
@inline const RT_SIZE: usize = 4;
/** From the payload back to the block's TLSF size word (4-byte block header, 16-byte object header). */
// @ts-ignore: decorator
@inline const MM_INFO: usize = 20;
/**
 * After the stacks: the bytes of every block in this worker's caches, as the collector counted
 * them in its total. The host subtracts every worker's from that total (THREAD_ARENA in
 * @shared-rt/abi), so that heapLive counts objects handed out, not blocks waiting in a cache.
 */
// @ts-ignore: decorator
@inline const CACHED: usize = CLASSES * STACK_BYTES;

/** What the collector counted in its total for the object at `ptr` (its Object.size). */
// @ts-ignore: decorator
@inline function counted(ptr: usize): u32 {
  return 4 + (load<u32>(ptr - MM_INFO) & ~3);
}

/** Fault for tests (src/arena-new.ts sets it in a fault build): caches neither marked nor forgotten. */
let faultKeepArenas: bool = false;
/** Set by the exported __collect (src/arena-new.ts): the next collection forgets the caches. */
let forgetNext: bool = false;

/**
 * The fast __new of the worker whose record is at `rec`, after its safepoint: a cached block of
 * the size's class, or 0 (big size, no arena yet, empty class) for the slow path under the mutex.
 */
export function arenaPop(rec: usize, size: usize, id: u32): usize {
  if (size > MAX_SMALL) return 0;
  let arena = load<usize>(rec + R_ARENA);
  if (!arena) return 0;
  let stack = arena + ((size + 3) >> 4) * STACK_BYTES;
  let n = load<u32>(stack);
  if (!n) return 0;
  --n;
  store<u32>(stack, n);
  let ptr = load<usize>(stack + 4 + (<usize>n << 2));
  store<u32>(arena + CACHED, load<u32>(arena + CACHED) - counted(ptr));
  store<u32>(ptr - RT_ID, id);
  store<u32>(ptr - RT_SIZE, <u32>size);
  return ptr;
}

/**
 * The slow __new, holding the mutex: refills the size's class (if small), then makes the object
 * with the collector's own __new. The collector's threshold check runs in each of those __new
 * (a full collection with the world stopped, which forgets every cache, this one's too: the
 * loop runs a fixed number of times, so it ends even when every block starts a collection).
 */
export function arenaSlowNew(rec: usize, size: usize, id: u32): usize {
  if (size <= MAX_SMALL) refill(rec, (size + 3) >> 4);
  return __new(size, id);
}

function refill(rec: usize, cls: usize): void {
  let arena = load<usize>(rec + R_ARENA);
  if (!arena) {
    arena = heap.alloc(CACHED + 4);
    memory.fill(arena, 0, CACHED + 4);
    store<usize>(rec + R_ARENA, arena);
  }
  let stack = arena + cls * STACK_BYTES;
  let payload = (cls << 4) + 12;
  let batch = min<u32>(CAP, max<u32>(4, <u32>(BATCH_BYTES / (payload + 20))));
  let have = load<u32>(stack);
  for (let i = have; i < batch; ++i) {
    let ptr = __new(payload, 0);
    // Re-read: a collection inside __new set the count to 0.
    let n = load<u32>(stack);
    store<usize>(stack + 4 + (<usize>n << 2), ptr);
    store<u32>(stack, n + 1);
    store<u32>(arena + CACHED, load<u32>(arena + CACHED) + counted(ptr));
  }
}

/** Before a collection, with every other worker parked or idle: every worker's caches forgotten, if asked. */
export function arenaForgetAll(records: usize, recordSize: usize, count: u32): void {
  let forget = forgetNext;
  forgetNext = false;
  if (!forget || faultKeepArenas) return;
  for (let k: u32 = 0; k < count; ++k) {
    let arena = load<usize>(records + <usize>k * recordSize + R_ARENA);
    if (!arena) continue;
    for (let c: usize = 0; c < CLASSES; ++c) store<u32>(arena + c * STACK_BYTES, 0);
    store<u32>(arena + CACHED, 0);
  }
}

/** With the roots: every worker's cached blocks (none after a forgetting collection). */
export function arenaVisitAll(records: usize, recordSize: usize, count: u32, cookie: i32): void {
  if (faultKeepArenas) return;
  for (let k: u32 = 0; k < count; ++k) {
    let arena = load<usize>(records + <usize>k * recordSize + R_ARENA);
    if (!arena) continue;
    for (let c: usize = 0; c < CLASSES; ++c) {
      let stack = arena + c * STACK_BYTES;
      let n = load<u32>(stack);
      for (let i: u32 = 0; i < n; ++i) __visit(load<usize>(stack + 4 + (<usize>i << 2)), cookie);
    }
  }
}
