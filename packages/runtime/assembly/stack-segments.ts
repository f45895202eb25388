// Extra shadow stacks the collector scans as roots, besides the one from __stack_pointer up
// to __heap_base that AssemblyScript's collector scans itself. A host that runs wasm on
// another stack region (a call suspended with JSPI keeps its frames in a segment of its own;
// a worker thread has its own stack) describes the region by a record it places anywhere in
// memory, links it here, and keeps its `sp` up to date while the stack is not running:
//
//   record ─▶ ┌────┬──────┬─────┬──────┬──────┐   u32 each (@shared-rt/abi STACK_RANGE_RECORD)
//             │ sp │ base │ top │ next │ prev │   live frames are [sp, top) while suspended;
//             └────┴──────┴─────┴──────┴──────┘   base <= sp <= top
//
// The collector scans [sp, top) of every linked record. A stack that is running right now has
// frames below its recorded sp, so for the record whose [base, top) holds the current
// __stack_pointer the scan starts there instead (and never at a recorded sp above it: those
// words are frames that already returned and may point to freed objects).
//
// Linking writes a few words and cannot trap, so these are no recorded entry points.

let stackRanges: usize = 0;

export function __shared_stack_link(record: usize): void {
  store<u32>(record, <u32>stackRanges, 12);
  store<u32>(record, 0, 16);
  if (stackRanges) store<u32>(stackRanges, <u32>record, 16);
  stackRanges = record;
}

export function __shared_stack_unlink(record: usize): void {
  let next = <usize>load<u32>(record, 12);
  let prev = <usize>load<u32>(record, 16);
  if (prev) store<u32>(prev, <u32>next, 12);
  else if (stackRanges == record) stackRanges = next;
  if (next) store<u32>(next, <u32>prev, 16);
  store<u32>(record, 0, 12);
  store<u32>(record, 0, 16);
}

// Exported only so that the compiler keeps it; the build calls it from the collector's
// __visit_globals (src/wrap-collector-hooks.ts) and removes the export again.
export function __shared_dispatch_stacks(cookie: u32): void {
  let current = __stack_pointer;
  let record = stackRanges;
  while (record) {
    let base = <usize>load<u32>(record, 4);
    let top = <usize>load<u32>(record, 8);
    let ptr = current >= base && current < top ? current : <usize>load<u32>(record);
    while (ptr < top) {
      let value = load<usize>(ptr);
      if (value) __visit(value, cookie);
      ptr += sizeof<usize>();
    }
    record = <usize>load<u32>(record, 12);
  }
}
