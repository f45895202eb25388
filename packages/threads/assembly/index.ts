// A mutex, a condition and atomics for plugins of a threaded shared-rt project. The runtime does
// the atomic work (THREAD_FUNCTIONS in @shared-rt/abi threads.ts), so this works in projects
// compiled without asc's threads feature too; its wait counts as a safepoint, so a worker blocked here
// never holds up another worker's collection. With an ordinary runtime (one thread) they act
// as on one thread: a contended lock or a wait that would block aborts instead of hanging.
//
// Mutex and Condition are objects on the shared heap: share one between workers by reaching
// it from an object they share (pinned and passed by address, or static data), not through
// a global (globals are per worker).
//
// "~rt" is the runtime's import namespace (RUNTIME_NAMESPACE in @shared-rt/abi namespaces.ts;
// tests/threads builds this file, so a plugin importing from another namespace fails there).

// @ts-ignore: decorator
@external("~rt", "__shared_thread_cmpxchg") declare function cmpxchg(address: usize, expected: i32, replacement: i32): i32;
// @ts-ignore: decorator
@external("~rt", "__shared_thread_add") declare function add(address: usize, delta: i32): i32;
// @ts-ignore: decorator
@external("~rt", "__shared_thread_wait") declare function wait(address: usize, expected: i32, timeout: i64): i32;
// @ts-ignore: decorator
@external("~rt", "__shared_thread_notify") declare function notify(address: usize, count: i32): i32;
// @ts-ignore: decorator
@external("~rt", "__shared_thread_poll") declare function poll(): void;

/** What `waitFor` returns (memory.atomic.wait32's results). */
export const WAIT_OK: i32 = 0;
export const WAIT_NOT_EQUAL: i32 = 1;
export const WAIT_TIMED_OUT: i32 = 2;

/** Atomically: if the i32 at `address` is `expected`, it becomes `replacement`. Returns what it was. */
export function compareExchange(address: usize, expected: i32, replacement: i32): i32 {
  return cmpxchg(address, expected, replacement);
}

/** Atomically adds `delta` to the i32 at `address`; returns what it was. */
export function fetchAdd(address: usize, delta: i32): i32 {
  return add(address, delta);
}

/** Waits while the i32 at `address` is `expected` (at most `timeoutNs`, -1: no limit); a safepoint. */
export function waitFor(address: usize, expected: i32, timeoutNs: i64 = -1): i32 {
  return wait(address, expected, timeoutNs);
}

/** Wakes up to `count` workers waiting on `address` (-1: all); returns how many woke. */
export function notifyAt(address: usize, count: i32 = -1): i32 {
  return notify(address, count);
}

/** A safepoint for a long loop that neither allocates nor calls out. */
export function safepoint(): void {
  poll();
}

/** A mutex: 0 free, 1 locked, 2 locked with waiters. Not recursive. */
export class Mutex {
  private state: i32 = 0;

  private get address(): usize {
    return changetype<usize>(this) + offsetof<Mutex>("state");
  }

  /** Takes the mutex if it is free; true if it did. */
  tryLock(): bool {
    return cmpxchg(this.address, 0, 1) == 0;
  }

  lock(): void {
    const address = this.address;
    let seen = cmpxchg(address, 0, 1);
    if (seen == 0) return;
    do {
      // Mark it contended, then wait while it stays so.
      if (seen == 2 || cmpxchg(address, 1, 2) != 0) {
        if (wait(address, 2, -1) == WAIT_TIMED_OUT) abort("shared-rt threads: lock of a held mutex on one thread would never return");
      }
      seen = cmpxchg(address, 0, 2);
    } while (seen != 0);
  }

  unlock(): void {
    const address = this.address;
    if (add(address, -1) != 1) {
      // It was 2 (waiters): set it free (an atomic store, as a compare-exchange loop) and wake one.
      let seen = 1;
      for (let was = cmpxchg(address, seen, 0); was != seen; was = cmpxchg(address, seen, 0)) seen = was;
      notify(address, 1);
    }
  }
}

/** A condition variable, used with a Mutex. */
export class Condition {
  private sequence: i32 = 0;

  private get address(): usize {
    return changetype<usize>(this) + offsetof<Condition>("sequence");
  }

  /** Releases `mutex`, waits for a notify (or `timeoutNs`), takes `mutex` again. Returns false on timeout. */
  wait(mutex: Mutex, timeoutNs: i64 = -1): bool {
    const seen = add(this.address, 0);
    mutex.unlock();
    const result = wait(this.address, seen, timeoutNs);
    mutex.lock();
    if (result == WAIT_TIMED_OUT && timeoutNs < 0) abort("shared-rt threads: waiting on a condition on one thread would never return");
    return result != WAIT_TIMED_OUT;
  }

  notifyOne(): void {
    add(this.address, 1);
    notify(this.address, 1);
  }

  notifyAll(): void {
    add(this.address, 1);
    notify(this.address, -1);
  }
}
