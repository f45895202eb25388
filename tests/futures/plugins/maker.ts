// Plugin 'maker': makes futures. Its Countdown is a private class: polling one from another
// plugin or from the host runs this plugin's poll.
import { Future, Waker, then } from "@shared-rt/futures";

@external("host", "later") declare function later(value: i32): Future<i32>;
@external("host", "readText") declare function readText(name: string): Future<string>;

/** Ready after `polls` polls, waking itself each time (a computation in steps). */
class Countdown extends Future<i32> {
  constructor(public polls: i32, public result_: i32) {
    super();
  }

  poll(waker: Waker): bool {
    if (!this.pending) return true;
    if (--this.polls <= 0) {
      this.resolve(this.result_);
      return true;
    }
    waker.wake();
    return false;
  }
}

/** Futures completed from outside, by `open`. */
const gates = new Map<i32, Future<i32>>();

export function countdown(polls: i32, value: i32): Future<i32> {
  return new Countdown(polls, value);
}

export function gate(key: i32): Future<i32> {
  const f = new Future<i32>();
  gates.set(key, f);
  return f;
}

export function open(key: i32, value: i32): void {
  const f = gates.get(key);
  gates.delete(key);
  if (value < 0) f.fail("gate " + key.toString() + " refused");
  else f.resolve(value);
}

export function closeAll(): void {
  gates.clear();
}

function plusOne(value: i32, _context: Object | null): i32 {
  return value + 1;
}

/** A host Promise, seen here as a future, then one step of this plugin's code. */
export function laterPlusOne(value: i32): Future<i32> {
  return then<i32, i32, Object | null>(later(value), plusOne, null);
}

export function text(name: string): Future<string> {
  return readText(name);
}

/** Aborts when polled: the host's await of it rejects with the typed error. */
class Broken extends Future<i32> {
  poll(waker: Waker): bool {
    abort("broken future polled");
    return false;
  }
}

export function broken(): Future<i32> {
  return new Broken();
}
