// A plugin that blocks in asc's raw atomic.wait: no safepoint, so the build refuses it (BLOCKING_WAIT).
export function sleepOn(address: usize): i32 {
  return atomic.wait<i32>(address, 0, 1000000);
}
