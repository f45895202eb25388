// Plugin 'reader': waits straight-line on the host (JSPI) while its own objects live only in
// its frames: after resuming they must be intact, whatever was collected meanwhile.
@external("host", "fetchText") declare function fetchText(key: i32): string;
@external("host", "wait") declare function wait(key: i32): i32;

class Keep {
  constructor(public key: i32, public parts: Array<string>) {}
}

/** Two waits; a list made before each survives in this frame only. */
export function readTwice(key: i32): string {
  let keep = new Keep(key, new Array<string>());
  keep.parts.push("k" + key.toString());
  let first = fetchText(key);
  keep.parts.push(first);
  let second = fetchText(key + 1000);
  keep.parts.push(second);
  return keep.parts.join("|");
}

/** Waits, then aborts: its Promise rejects with PLUGIN_ABORT. */
export function failAfter(key: i32): i32 {
  let n = wait(key);
  if (n >= 0) throw new Error("boom " + key.toString());
  return n;
}

/** Waits, then traps (unreachable). */
export function trapAfter(key: i32): i32 {
  let n = wait(key);
  if (n >= 0) unreachable();
  return n;
}

/** A synchronous export, for the cost of a call without suspending. */
export function plain(key: i32): i32 {
  return key + 1;
}

/** Waits once on a host function that answers at once or later (the bench's suspending call). */
export function waitOnce(key: i32): i32 {
  return wait(key) + 1;
}
