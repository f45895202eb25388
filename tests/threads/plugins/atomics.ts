// Shared structures built on asc's own atomic builtins (a plugin of a threaded project is compiled
// with asc's threads feature): a tally several workers bump lock-free, and a single-producer,
// single-consumer ring buffer between two workers. Blocking waits go through @shared-rt/threads'
// waitFor (a wait counted as parked, so other workers collect meanwhile); wake-ups use the raw
// atomic.notify, which wakes it. Both structures are managed objects shared by address (pinned):
// a plugin global would be per worker.
import { waitFor } from "@shared-rt/threads";

class Tally {
  hits: i32 = 0;
  spare: i32 = 0;
  total: i64 = 0;
  max: i64 = 0;
}

class Ring {
  head: i32 = 0;
  tail: i32 = 0;
  slots: StaticArray<i64>;
  constructor(capacity: i32) {
    this.slots = new StaticArray<i64>(capacity);
  }
}

export function makeTally(): usize {
  return __pin(changetype<usize>(new Tally()));
}

/** What worker `tag` adds as its `i`-th value: distinct per worker, so the total says who was lost. */
function valueOf(tag: i32, i: i32): i64 {
  return (<i64>tag << 32) + <i64>i + 1;
}

/** `n` lock-free updates of the tally (i32 and i64 add, sub, cmpxchg, load); allocates now and then. Returns errors seen. */
export function bump(address: usize, n: i32, tag: i32): i32 {
  const hits = address + offsetof<Tally>("hits");
  const spare = address + offsetof<Tally>("spare");
  const total = address + offsetof<Tally>("total");
  const max = address + offsetof<Tally>("max");
  let errors = 0;
  for (let i = 0; i < n; ++i) {
    atomic.add<i32>(hits, 1);
    atomic.add<i32>(spare, 3);
    atomic.sub<i32>(spare, 3);
    const value = valueOf(tag, i);
    atomic.add<i64>(total, value);
    // The largest value any worker added: a compare-exchange loop.
    let seen = atomic.load<i64>(max);
    while (seen < value) {
      const was = atomic.cmpxchg<i64>(max, seen, value);
      if (was == seen) break;
      seen = was;
    }
    // Allocations are safepoints: collections run while the other workers bump.
    if ((i & 63) == 0 && I32.parseInt(i.toString()) != i) ++errors;
  }
  return errors;
}

export function hits(address: usize): i32 {
  return atomic.load<i32>(address + offsetof<Tally>("hits"));
}

export function spare(address: usize): i32 {
  return atomic.load<i32>(address + offsetof<Tally>("spare"));
}

export function maximum(address: usize): i64 {
  return atomic.load<i64>(address + offsetof<Tally>("max"));
}

/** Takes the total and leaves zero (xchg), then stores `hits` back to zero (store). */
export function takeTotal(address: usize): i64 {
  atomic.store<i32>(address + offsetof<Tally>("hits"), 0);
  return atomic.xchg<i64>(address + offsetof<Tally>("total"), 0);
}

export function makeRing(capacity: i32): usize {
  return __pin(changetype<usize>(new Ring(capacity)));
}

/** The `i`-th item of the ring's stream. */
function itemOf(i: i32): i64 {
  return (<i64>i * 0x9e3779b97f4a7c15) ^ <i64>i;
}

/** Puts items 0..n-1 into the ring, waiting (parked) while it is full. Returns how often it waited. */
export function produce(address: usize, n: i32): i32 {
  const ring = changetype<Ring>(address);
  const mask = ring.slots.length - 1;
  const slots = changetype<usize>(ring.slots);
  const headAt = address + offsetof<Ring>("head");
  const tailAt = address + offsetof<Ring>("tail");
  let waits = 0;
  for (let i = 0; i < n; ++i) {
    const tail = atomic.load<i32>(tailAt);
    for (let head = atomic.load<i32>(headAt); tail - head > mask; head = atomic.load<i32>(headAt)) {
      waitFor(headAt, head);
      ++waits;
    }
    store<i64>(slots + (<usize>(tail & mask) << 3), itemOf(i));
    atomic.store<i32>(tailAt, tail + 1);
    atomic.notify(tailAt, 1);
    if ((i & 255) == 0) new Array<i64>(8);
  }
  return waits;
}

/** Takes n items from the ring, waiting (parked) while it is empty. Returns the items not as produced. */
export function consume(address: usize, n: i32): i32 {
  const ring = changetype<Ring>(address);
  const mask = ring.slots.length - 1;
  const slots = changetype<usize>(ring.slots);
  const headAt = address + offsetof<Ring>("head");
  const tailAt = address + offsetof<Ring>("tail");
  let errors = 0;
  for (let i = 0; i < n; ++i) {
    const head = atomic.load<i32>(headAt);
    for (let tail = atomic.load<i32>(tailAt); tail == head; tail = atomic.load<i32>(tailAt)) waitFor(tailAt, tail);
    if (load<i64>(slots + (<usize>(head & mask) << 3)) != itemOf(i)) ++errors;
    atomic.store<i32>(headAt, head + 1);
    atomic.notify(headAt, 1);
    if ((i & 255) == 0 && i.toString().length == 0) ++errors;
  }
  return errors;
}

export function ringHead(address: usize): i32 {
  return atomic.load<i32>(address + offsetof<Ring>("head"));
}

export function release(address: usize): void {
  __unpin(address);
}
