// Calls a function reference it is handed (through the shared table).
export function callRef(ref: usize, x: i32): i32 {
  return call_indirect<i32>(load<u32>(ref), x);
}
