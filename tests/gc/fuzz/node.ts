// One plugin of the differential fuzzer. The project builds this file three times, as three
// plugins, so each has its own Node class (and class id); nodes link across plugins.

class Node {
  constructor(public value: string, public next: Node | null) {}
}

const SLOTS = 16;
const slots = new StaticArray<Node | null>(SLOTS);

export function alloc(slot: i32, value: string): void {
  slots[slot] = new Node(value, null);
}

/** The node in `slot` as an address (0 for none), to hand to another plugin. */
export function get(slot: i32): usize {
  return changetype<usize>(slots[slot]);
}

export function put(slot: i32, node: usize): void {
  slots[slot] = changetype<Node | null>(node);
}

export function link(slot: i32, node: usize): void {
  const n = slots[slot];
  if (n) n.next = changetype<Node | null>(node);
}

export function unlink(slot: i32): void {
  const n = slots[slot];
  if (n) n.next = null;
}

export function drop(slot: i32): void {
  slots[slot] = null;
}

/** The values along the chain from `slot`, at most `limit` of them, joined with ",". */
export function read(slot: i32, limit: i32): string {
  let out = "";
  let n = slots[slot];
  for (let i = 0; n && i < limit; ++i) {
    if (i) out += ",";
    out += n.value;
    n = n.next;
  }
  return out;
}

/** Garbage; with `collect`, also collections in the middle of the call (incremental only). */
export function churn(n: i32, collect: bool): void {
  for (let i = 0; i < n; ++i) {
    const tmp = new Node("tmp" + i.toString(), slots[i % SLOTS]);
    if (collect && i % 8 == 0) __collect();
    if (tmp.value.length == 0) unreachable();
  }
}
