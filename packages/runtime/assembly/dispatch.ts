// Virtual dispatch and instanceof across plugins (@shared-rt/abi dispatch.ts says why).
//
// Registry: one open-addressing hash table of 16-byte entries, keyed by (class id, declaring
// class id, ordinal); "is a" pairs use the ordinal DISPATCH_IS_A:
//
//   entries ─▶ ┌─────────┬────────────┬─────────┬───────┐ ┌───── …
//              │ classId │ declaringId│ ordinal │ value │ │ next entry
//              └─────────┴────────────┴─────────┴───────┘ └───── …
//   value: a table slot, DISPATCH_INHERITS, or 1 ("is a"); classId 0 marks a free entry (no
//   plugin registers Object).
//
// Its size follows the number of registered pairs (at most half full), not the spread of class
// ids: private ids start at 2048 and differ per plugin, so tables indexed by id would cost
// kilobytes per method. A miss records what was asked in `miss` (class id, declaring class id,
// ordinal, kind) and aborts; the host reads the record and names class and method.

import { DISPATCH_IS_A, DISPATCH_MISS_UNREGISTERED } from "./abi";

let capacity: u32 = 0; // a power of two, or 0
let used: u32 = 0;
let entries: usize = 0;

let miss: usize = memory.data(16);
export { miss as __shared_dispatch_miss };

// @ts-ignore: decorator
@inline function hashOf(classId: u32, declaringId: u32, ordinal: u32): u32 {
  let h = classId * 0x9e3779b1 ^ declaringId * 0x85ebca77 ^ ordinal * 0xc2b2ae3d;
  return h ^ (h >> 16);
}

/** The entry of the key, or the free entry where it would go. The table is never full. */
// @ts-ignore: decorator
@inline function find(classId: u32, declaringId: u32, ordinal: u32): usize {
  let mask = capacity - 1;
  let i = hashOf(classId, declaringId, ordinal) & mask;
  while (true) {
    let at = entries + (<usize>i << 4);
    let c = load<u32>(at);
    if (!c || (c == classId && load<u32>(at, 4) == declaringId && load<u32>(at, 8) == ordinal)) return at;
    i = (i + 1) & mask;
  }
}

function insert(classId: u32, declaringId: u32, ordinal: u32, value: u32): void {
  let at = find(classId, declaringId, ordinal);
  if (load<u32>(at)) return; // the first registrant wins
  store<u32>(at, classId);
  store<u32>(at, declaringId, 4);
  store<u32>(at, ordinal, 8);
  store<u32>(at, value, 12);
  ++used;
}

function grow(): void {
  let oldCapacity = capacity;
  let oldEntries = entries;
  capacity = max<u32>(64, oldCapacity << 1);
  entries = heap.alloc(<usize>capacity << 4);
  memory.fill(entries, 0, <usize>capacity << 4);
  used = 0;
  for (let i: u32 = 0; i < oldCapacity; ++i) {
    let at = oldEntries + (<usize>i << 4);
    if (load<u32>(at)) insert(load<u32>(at), load<u32>(at, 4), load<u32>(at, 8), load<u32>(at, 12));
  }
  if (oldEntries) heap.free(oldEntries);
}

/** Records an unanswerable dispatch for the host and traps. */
export function __shared_dispatch_fail(classId: u32, declaringId: u32, ordinal: u32, kind: u32): void {
  store<u32>(miss, classId);
  store<u32>(miss, declaringId, 4);
  store<u32>(miss, ordinal, 8);
  store<u32>(miss, kind, 12);
  abort("shared-rt: a shared method cannot be dispatched for this class");
}

export function __shared_dispatch_set(classId: u32, declaringId: u32, ordinal: u32, value: u32): void {
  if (!classId) return; // Object is never a plugin's class
  if ((used + 1) << 1 > capacity) grow();
  insert(classId, declaringId, ordinal, value);
}

export function __shared_dispatch_lookup(classId: u32, declaringId: u32, ordinal: u32): u32 {
  let slot: u32 = capacity && classId ? load<u32>(find(classId, declaringId, ordinal), 12) : 0;
  if (!slot) __shared_dispatch_fail(classId, declaringId, ordinal, DISPATCH_MISS_UNREGISTERED);
  return slot;
}

export function __shared_instanceof(classId: u32, targetId: u32): i32 {
  return capacity && classId ? <i32>(load<u32>(find(classId, targetId, DISPATCH_IS_A), 12) != 0) : 0;
}
