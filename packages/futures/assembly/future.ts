/**
 * Futures on the shared heap. Every class here is a package class, so it is shared: one class id
 * and one layout per instance (`Future<i32>`, `Future<string>`) in every plugin of a project, and
 * its overridable methods are dispatched across plugins. Polling a future runs the code of the
 * plugin that owns the object's class.
 *
 * The host reads and writes these objects (packages/runner future-values.ts): the field order and
 * the state numbers are mirrored in @shared-rt/abi futures.ts. Change both together.
 */

/** Not finished yet. */
export const PENDING: i32 = 0;
/** Finished with a value (`Future<T>.value`). */
export const READY: i32 = 1;
/** Finished with a message (`FutureBase.error`). */
export const FAILED: i32 = 2;
/** Dropped before it finished. */
export const CANCELLED: i32 = 3;

/**
 * What a poll registers to be told of progress. `wake()` only sets a flag: the host's executor
 * looks at the flags of the wakers it made after every call into wasm (no import is needed, so
 * a plugin using futures imports nothing more than one that does not).
 */
@final
export class Waker {
  woken: bool = false;

  wake(): void {
    this.woken = true;
  }
}

/**
 * The state every future has, independent of its value type: what the host polls through
 * (`FutureBase#poll`), so one method serves every `Future<T>`.
 */
export abstract class FutureBase {
  state: i32 = PENDING;
  /** The failure's message (also set to "cancelled" by `drop`). */
  error: string | null = null;
  /** Wakers of the polls that found it pending; woken and cleared when it finishes. */
  waiters: Array<Waker> | null = null;

  /**
   * Advances the future, true once it is not pending. The default is a future completed from
   * outside (`resolve`, `fail`, a host Promise): it only remembers the waker. A subclass that
   * computes (a timer, a combinator) overrides it; callers in other plugins run that override.
   */
  poll(waker: Waker): bool {
    if (this.state != PENDING) return true;
    this.listen(waker);
    return false;
  }

  /**
   * Cancels a pending future: it becomes CANCELLED and lets go of what it holds. Combinators
   * override it to drop the futures they wait on.
   */
  drop(): void {
    this.finish(CANCELLED, "cancelled");
  }

  /** Fails a pending future with `message`. */
  fail(message: string): void {
    this.finish(FAILED, message);
  }

  get pending(): bool {
    return this.state == PENDING;
  }

  get ready(): bool {
    return this.state == READY;
  }

  get failed(): bool {
    return this.state == FAILED;
  }

  get cancelled(): bool {
    return this.state == CANCELLED;
  }

  /** Remembers `waker` (once) to wake when this future finishes. */
  listen(waker: Waker): void {
    let waiters = this.waiters;
    if (!waiters) {
      waiters = new Array<Waker>();
      this.waiters = waiters;
    }
    if (!waiters.includes(waker)) waiters.push(waker);
  }

  /** Moves a pending future to `state` (not READY: that needs a value) and wakes its waiters. */
  finish(state: i32, message: string | null): void {
    if (this.state != PENDING) return;
    this.error = message;
    this.state = state;
    this.wakeWaiters();
  }

  wakeWaiters(): void {
    const waiters = this.waiters;
    this.waiters = null;
    if (!waiters) return;
    for (let i = 0; i < waiters.length; i++) waiters[i].wake();
  }
}

/**
 * A future of a `T`. Used as is, it is completed from outside (`resolve`, `fail`), like a JS
 * Promise with its resolvers; subclasses compute their value in `poll`.
 */
export class Future<T> extends FutureBase {
  /** The value once READY (zero, or null, before). */
  value: T = zeroOf<T>();

  /** Completes a pending future with `value` and wakes its waiters; no effect once finished. */
  resolve(value: T): void {
    if (this.state != PENDING) return;
    this.value = value;
    this.state = READY;
    this.wakeWaiters();
  }

  /** The value; aborts with the failure's message when it failed, was cancelled or is pending. */
  get result(): T {
    if (this.state == READY) return this.value;
    if (this.state == PENDING) abort("the future is still pending");
    abort(this.error !== null ? this.error! : "the future failed");
    return this.value;
  }
}

/** T's zero: null for a reference (the field is only read once READY), 0 for a number. */
function zeroOf<T>(): T {
  if (isReference<T>()) return changetype<T>(0);
  else return <T>0;
}

/** A future already READY with `value`. */
export function ready<T>(value: T): Future<T> {
  const f = new Future<T>();
  f.resolve(value);
  return f;
}

/** A future already FAILED with `message`. */
export function failed<T>(message: string): Future<T> {
  const f = new Future<T>();
  f.fail(message);
  return f;
}
