// Threads with the minimal collector (entry threaded-minimal.ts; src/make-runtime-threaded-minimal.ts
// wires it in). Minimal plugins have no shadow stack: inside a call, their references live in
// wasm locals, which no other worker can read. So no point inside a call is a safepoint, and a
// collection runs only when every other worker is between calls (idle, its plugin globals
// recorded by __shared_thread_leave) or parked in a __collect of its own, which the host calls
// between calls too. threads.ts supplies the rest (state block, mutex, enter and leave, the
// stop-the-world collect); these replace its safepoints.

/** Not a safepoint with the minimal collector: a caller may hold references in wasm locals. */
export function __shared_thread_poll(): void {}

/**
 * memory.atomic.wait32, the worker still counted as running: its references are in wasm
 * locals, so a collection waits until this call returns (the host's collect() times out
 * rather than wait forever for a worker blocked here; packages/runner/src/threaded-host.ts).
 */
export function __shared_thread_wait(address: usize, expected: i32, timeout: i64): i32 {
  return <i32>atomic.wait<i32>(address, expected, timeout);
}

/**
 * A host import declared "blocking" leaves the worker counted as running with the minimal
 * collector: the caller's references are in wasm locals, so no collection may run until the
 * call returns (the host's collect() waits for every call, and times out rather than hang).
 */
export function __shared_thread_host_enter(): void {}

export function __shared_thread_host_leave(): void {}
