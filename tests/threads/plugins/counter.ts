// A counter two workers share by address, guarded by @shared-rt/threads' Mutex; a Condition
// tells a waiting worker when the count has reached its target. Each increment allocates
// under the lock, so collections run while workers hold or wait for it.
import { Condition, Mutex } from "@shared-rt/threads";

class Shared {
  mutex: Mutex = new Mutex();
  changed: Condition = new Condition();
  count: i32 = 0;
  log: Array<string> = [];
}

export function makeShared(): usize {
  return __pin(changetype<usize>(new Shared()));
}

export function incrementMany(address: usize, n: i32, tag: i32): void {
  const shared = changetype<Shared>(address);
  for (let i = 0; i < n; ++i) {
    shared.mutex.lock();
    shared.count++;
    shared.log.push(tag.toString() + ":" + i.toString());
    shared.mutex.unlock();
    shared.changed.notifyAll();
  }
}

/** Waits until the count reaches `target`; returns the count then. */
export function waitForCount(address: usize, target: i32): i32 {
  const shared = changetype<Shared>(address);
  shared.mutex.lock();
  while (shared.count < target) shared.changed.wait(shared.mutex);
  const count = shared.count;
  shared.mutex.unlock();
  return count;
}

/** Wrong entries in the log: each tag's indices in order, and as many entries as the count. */
export function logErrors(address: usize, tags: i32, n: i32): i32 {
  const shared = changetype<Shared>(address);
  if (shared.log.length != shared.count || shared.count != tags * n) return 1000000;
  let errors = 0;
  const next = new Array<i32>(tags);
  for (let k = 0; k < shared.log.length; ++k) {
    const parts = shared.log[k].split(":");
    const tag = I32.parseInt(parts[0]);
    if (I32.parseInt(parts[1]) != next[tag]) ++errors;
    next[tag]++;
  }
  return errors;
}

export function release(address: usize): void {
  __unpin(address);
}
