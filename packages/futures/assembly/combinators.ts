/**
 * Combinators without closures (AssemblyScript has none that capture): `then` takes a top-level
 * function and the context object it would have captured. They are free functions, not generic
 * methods of Future: a generic method cannot be dispatched to a class another plugin owns, while
 * these classes are package classes, so any plugin can poll one another plugin made.
 */
import { CANCELLED, FAILED, Future, PENDING, READY, Waker } from "./future";

/** `fn(inner's value, context)` once `inner` is ready; a failure or cancellation passes through. */
export class Then<T, U, C> extends Future<U> {
  constructor(
    public inner: Future<T> | null,
    public fn: (value: T, context: C) => U,
    public context: C,
  ) {
    super();
  }

  poll(waker: Waker): bool {
    if (this.state != PENDING) return true;
    const inner = this.inner;
    if (!inner) return true;
    if (!inner.poll(waker)) return false;
    // The inner future is released as soon as it has given its result.
    this.inner = null;
    if (inner.state == READY) {
      const fn = this.fn;
      this.resolve(fn(inner.value, this.context));
    } else {
      this.finish(inner.state == CANCELLED ? CANCELLED : FAILED, inner.error);
    }
    return true;
  }

  drop(): void {
    const inner = this.inner;
    this.inner = null;
    if (inner) inner.drop();
    super.drop();
  }
}

/** Every part's value, in order, once all are ready; the first failure fails it and drops the rest. */
export class All<T> extends Future<Array<T>> {
  constructor(public parts: Array<Future<T>> | null) {
    super();
  }

  poll(waker: Waker): bool {
    if (this.state != PENDING) return true;
    const parts = this.parts;
    if (!parts) return true;
    let done = true;
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i];
      if (!part.poll(waker)) {
        done = false;
      } else if (part.state != READY) {
        this.parts = null;
        dropAll(parts);
        this.finish(FAILED, part.error);
        return true;
      }
    }
    if (!done) return false;
    const values = new Array<T>();
    for (let i = 0; i < parts.length; i++) values.push(parts[i].value);
    this.parts = null;
    this.resolve(values);
    return true;
  }

  drop(): void {
    const parts = this.parts;
    this.parts = null;
    if (parts) dropAll(parts);
    super.drop();
  }
}

/** The first part to finish decides (its value or its failure); the others are dropped. */
export class Race<T> extends Future<T> {
  constructor(public parts: Array<Future<T>> | null) {
    super();
  }

  poll(waker: Waker): bool {
    if (this.state != PENDING) return true;
    const parts = this.parts;
    if (!parts) return true;
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i];
      if (!part.poll(waker)) continue;
      this.parts = null;
      dropAll(parts);
      if (part.state == READY) this.resolve(part.value);
      else this.finish(part.state == CANCELLED ? CANCELLED : FAILED, part.error);
      return true;
    }
    return false;
  }

  drop(): void {
    const parts = this.parts;
    this.parts = null;
    if (parts) dropAll(parts);
    super.drop();
  }
}

/** Drops every part still pending (finished ones keep their result). */
function dropAll<T>(parts: Array<Future<T>>): void {
  for (let i = 0; i < parts.length; i++) parts[i].drop();
}

/** A future of `fn(value of future, context)`. */
export function then<T, U, C>(future: Future<T>, fn: (value: T, context: C) => U, context: C): Future<U> {
  return new Then<T, U, C>(future, fn, context);
}

/** A future of every value of `futures`, in order. */
export function all<T>(futures: Array<Future<T>>): Future<Array<T>> {
  return new All<T>(futures.slice());
}

/** A future of the first of `futures` to finish. */
export function race<T>(futures: Array<Future<T>>): Future<T> {
  return new Race<T>(futures.slice());
}
