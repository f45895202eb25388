/**
 * heapLive on a threaded runtime, read from the shared memory: the collector's total (kept in
 * the state block, its address exported in place of the counter) less the blocks waiting in
 * every worker's caches, which the collector counts as objects but no plugin has been handed
 * yet (@shared-rt/abi THREAD_ARENA). So it counts what it counts on one thread, and a heap that
 * returned to its baseline reads the same whether or not some worker's caches are full. Exact
 * when every worker is between calls; a read while workers run may be a few blocks off.
 */
import { THREAD_ARENA, THREAD_RECORD, THREAD_RECORD_SIZE, THREAD_STATE } from "@shared-rt/abi";

export function threadedHeapLive(memory: WebAssembly.Memory, totalAt: number, stateAt: number): number {
  const words = new Uint32Array(memory.buffer);
  let live = words[totalAt >>> 2];
  const count = words[(stateAt + THREAD_STATE.count) >>> 2];
  for (let k = 0; k < count; ++k) {
    const arena = words[(stateAt + THREAD_STATE.records + k * THREAD_RECORD_SIZE + THREAD_RECORD.arena) >>> 2];
    if (arena) live -= words[(arena + THREAD_ARENA.cachedBytes) >>> 2];
  }
  return live;
}
