// Virtual dispatch and instanceof across plugins (@shared-rt/abi dispatch.ts says why).
//
// Registry, one direct table per declaring class, so that a lookup is four loads:
//
//   declRows ─▶ [decl 0][decl 1]…   u32 per declaring class id: address of its rows, 0 = none
//   rows     ─▶ [count][row 0][row 1]…   row 0: "is a" (instances), row k+1: method ordinal k
//   row      ─▶ [capacity][id 0][id 1]…  u32 per class id: a table slot, DISPATCH_INHERITS, 1
//                                        ("is a"), 0 = not registered
//
// Rows grow to the largest class id registered in them. A miss records what was asked in
// `miss` (class id, declaring class id, ordinal, kind) and aborts; the host reads the record
// and names class and method.

import { DISPATCH_MISS_UNREGISTERED } from "./abi";

let declCapacity: u32 = 0;
let declRows: usize = 0;

let miss: usize = memory.data(16);
export { miss as __shared_dispatch_miss };

/** Grows a raw u32 array [capacity, values…] to hold `count` values, zeroing the new part. */
function growRow(row: usize, count: u32): usize {
  let old: u32 = row ? load<u32>(row) : 0;
  if (count <= old) return row;
  let capacity = max(count, old << 1);
  let grown = row ? heap.realloc(row, (<usize>capacity + 1) << 2) : heap.alloc((<usize>capacity + 1) << 2);
  memory.fill(grown + 4 + (<usize>old << 2), 0, <usize>(capacity - old) << 2);
  store<u32>(grown, capacity);
  return grown;
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
  if (declaringId >= declCapacity) {
    let capacity = max(declaringId + 1, declCapacity << 1);
    declRows = declRows ? heap.realloc(declRows, <usize>capacity << 2) : heap.alloc(<usize>capacity << 2);
    memory.fill(declRows + (<usize>declCapacity << 2), 0, <usize>(capacity - declCapacity) << 2);
    declCapacity = capacity;
  }
  let at = declRows + (<usize>declaringId << 2);
  let rows = growRow(load<usize>(at), ordinal + 2); // row index ordinal + 1 (DISPATCH_IS_A wraps to 0)
  store<usize>(at, rows);
  let rowAt = rows + 4 + (<usize>(ordinal + 1) << 2);
  let row = growRow(load<usize>(rowAt), classId + 1);
  store<usize>(rowAt, row);
  let slotAt = row + 4 + (<usize>classId << 2);
  if (!load<u32>(slotAt)) store<u32>(slotAt, value); // the first registrant wins
}

/** The row of (declaringId, row index), or 0. */
// @ts-ignore: decorator
@inline function rowOf(declaringId: u32, index: u32): usize {
  if (declaringId >= declCapacity) return 0;
  let rows = load<usize>(declRows + (<usize>declaringId << 2));
  if (!rows || index >= load<u32>(rows)) return 0;
  return load<usize>(rows + 4 + (<usize>index << 2));
}

export function __shared_dispatch_lookup(classId: u32, declaringId: u32, ordinal: u32): u32 {
  let row = rowOf(declaringId, ordinal + 1);
  let slot: u32 = row && classId < load<u32>(row) ? load<u32>(row + 4 + (<usize>classId << 2)) : 0;
  if (!slot) __shared_dispatch_fail(classId, declaringId, ordinal, DISPATCH_MISS_UNREGISTERED);
  return slot;
}

export function __shared_instanceof(classId: u32, targetId: u32): i32 {
  let row = rowOf(targetId, 0);
  return row && classId < load<u32>(row) ? <i32>(load<u32>(row + 4 + (<usize>classId << 2)) != 0) : 0;
}
