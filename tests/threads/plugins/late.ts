// late is relocatable: a threaded host loads it at run time on every worker. It keeps Leaf
// objects of the linked plugin leaves in its own (per-worker) global, hands them back to
// leaves to check, publishes a pinned bag by address for another worker, and reads its static
// data (placed once, in the shared memory) on every worker.

@external("leaves", "makeLeaf") declare function makeLeaf(tag: string, n: i32, seed: i32): Leaf;
@external("leaves", "leafErrors") declare function leafErrors(leaf: Leaf, tag: string, n: i32, seed: i32): i32;

// late's view of leaves' Leaf: same fields, so the same layout; objects carry leaves' class id.
class Leaf {
  tag: string = "";
  data: Array<i32> = [];
}

class Bag {
  constructor(
    public label: string,
    public leaves: Array<Leaf>,
  ) {}
}

const PREFIX = "late:";
const PRIMES: StaticArray<i32> = [2, 3, 5, 7, 11, 13];

let kept: Bag | null = null;

function tag(i: i32): string {
  return PREFIX + i.toString();
}

function makeBag(n: i32, seed: i32): Bag {
  const leaves = new Array<Leaf>();
  for (let i = 0; i < n; ++i) leaves.push(makeLeaf(tag(i), i % 11, seed));
  return new Bag(PREFIX + seed.toString(), leaves);
}

function bagErrors(bag: Bag, n: i32, seed: i32): i32 {
  let errors = bag.label == PREFIX + seed.toString() ? 0 : 1;
  if (bag.leaves.length != n) return errors + 1000000;
  for (let i = 0; i < n; ++i) errors += leafErrors(bag.leaves[i], tag(i), i % 11, seed);
  return errors;
}

export function keep(n: i32, seed: i32): void {
  kept = makeBag(n, seed);
}

export function check(n: i32, seed: i32): i32 {
  const bag = kept;
  if (!bag) return n ? 1000000 : 0;
  return bagErrors(bag, n, seed);
}

export function label(seed: i32): string {
  return PREFIX + seed.toString();
}

export function primesSum(): i32 {
  let sum = 0;
  for (let i = 0; i < PRIMES.length; ++i) sum += PRIMES[i];
  return sum;
}

export function publish(n: i32, seed: i32): usize {
  return __pin(changetype<usize>(makeBag(n, seed)));
}

export function readPublished(address: usize, n: i32, seed: i32): i32 {
  return bagErrors(changetype<Bag>(address), n, seed);
}

export function unpublish(address: usize): void {
  __unpin(address);
}

/** Garbage, with a forced collection every `collectEvery`. */
export function churn(n: i32, collectEvery: i32): i32 {
  let made = 0;
  for (let i = 0; i < n; ++i) {
    made += makeBag(3, i).leaves.length;
    if (collectEvery && i % collectEvery == 0) __collect();
  }
  return made;
}
