// leaves owns Leaf objects: kept in its own (per-worker) global, and handed to the other plugins.
// Values depend on a seed, so that a leaf of another worker or another round is told apart.

@external("~rt", "__shared_thread_poll") declare function poll(): void;

class Leaf {
  constructor(public tag: string, public data: Array<i32>) {}
}

function expected(tag: string, seed: i32, i: i32): i32 {
  return i * 7 + tag.length + seed * 31;
}

export function makeLeaf(tag: string, n: i32, seed: i32): Leaf {
  const data = new Array<i32>(n);
  for (let i = 0; i < n; ++i) data[i] = expected(tag, seed, i);
  return new Leaf(tag, data);
}

/** Errors found in a leaf made by makeLeaf(tag, n, seed). */
export function leafErrors(leaf: Leaf, tag: string, n: i32, seed: i32): i32 {
  let errors = 0;
  if (leaf.tag != tag) ++errors;
  if (leaf.data.length != n) return errors + 1;
  for (let i = 0; i < n; ++i) if (leaf.data[i] != expected(tag, seed, i)) ++errors;
  return errors;
}

// Reachable only from this plugin's global on the worker that kept it. (Not an array literal:
// a literal in a global's initializer is static data, one object every worker's global shares.)
let kept: Array<Leaf> | null = null;

export function keep(n: i32, seed: i32): void {
  const leaves = new Array<Leaf>();
  for (let i = 0; i < n; ++i) leaves.push(makeLeaf("g" + i.toString(), i % 17, seed));
  kept = leaves;
}

export function check(n: i32, seed: i32): i32 {
  const leaves = kept;
  if (!leaves) return n ? 1000000 : 0;
  if (leaves.length != n) return 1000000;
  let errors = 0;
  for (let i = 0; i < n; ++i) errors += leafErrors(leaves[i], "g" + i.toString(), i % 17, seed);
  return errors;
}

/** Garbage nobody keeps; allocation alone triggers collections, and every `collectEvery` one is forced. */
export function churn(n: i32, collectEvery: i32): i32 {
  let errors = 0;
  for (let i = 0; i < n; ++i) {
    const s = "garbage-" + i.toString();
    const a = new Array<string>(3);
    a[0] = s;
    a[1] = s + s;
    if (collectEvery && i % collectEvery == 0) __collect();
    if (a[1].length != 2 * s.length) ++errors;
  }
  return errors;
}

export function drop(): void {
  kept = null;
}

/** A pinned Array<i32> of n values, by address: another worker reads it (a large n grows the memory). */
export function pinnedNumbers(n: i32, seed: i32): usize {
  const values = new Array<i32>(n);
  for (let i = 0; i < n; ++i) values[i] = i ^ seed;
  return __pin(changetype<usize>(values));
}

export function numbersErrors(address: usize, n: i32, seed: i32): i32 {
  const values = changetype<Array<i32>>(address);
  if (values.length != n) return 1000000;
  let errors = 0;
  for (let i = 0; i < n; ++i) if (values[i] != (i ^ seed)) ++errors;
  return errors;
}

/** `count` values of the array from `from`, lifted to JS by the calling worker's host. */
export function numbersSlice(address: usize, from: i32, count: i32): Array<i32> {
  return changetype<Array<i32>>(address).slice(from, from + count);
}

export function unpin(address: usize): void {
  __unpin(address);
}

/** A long loop that neither allocates nor calls out: it polls, so that another worker's collection need not wait for it. */
export function spin(n: i32, polls: bool): u32 {
  let h: u32 = 1;
  for (let i = 0; i < n; ++i) {
    h = h * 31 + <u32>i;
    if (polls && (i & 0xffff) == 0) poll();
  }
  return h;
}

// A handshake in static data (shared by every worker, unlike globals): 1 = a leaf is held,
// 2 = the other worker has collected. Plain loads and stores: the loops call poll, so no load
// is hoisted out of them.
const HANDSHAKE = memory.data(4);

/** Holds a leaf only in this frame, polls until another worker has collected, then checks the leaf. */
export function holdAcrossCollections(n: i32, seed: i32): i32 {
  const leaf = makeLeaf("held", n, seed);
  store<i32>(HANDSHAKE, 1);
  while (load<i32>(HANDSHAKE) != 2) poll();
  store<i32>(HANDSHAKE, 0);
  return leafErrors(leaf, "held", n, seed);
}

/** Waits for a leaf held on another worker, then allocates and collects around it. */
export function collectAroundHeld(n: i32, collectEvery: i32): i32 {
  while (load<i32>(HANDSHAKE) != 1) poll();
  const errors = churn(n, collectEvery);
  store<i32>(HANDSHAKE, 2);
  return errors;
}
