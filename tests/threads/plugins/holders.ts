// holders keeps objects of the other plugins' classes (a Map built by maps, Leaf objects of
// leaves), holds them in its frames while the others churn, and publishes pinned objects by
// address for another worker to read.

// holders' view of leaves' Leaf: same fields, so the same layout. Objects carry leaves' class
// id; the collector visits them with leaves' visitor.
class Leaf {
  tag: string = "";
  data: Array<i32> = [];
}

@external("leaves", "makeLeaf") declare function makeLeaf(tag: string, n: i32, seed: i32): Leaf;
@external("leaves", "leafErrors") declare function leafErrors(leaf: Leaf, tag: string, n: i32, seed: i32): i32;
@external("maps", "buildMap") declare function buildMap(n: i32, seed: i32): Map<string, Array<string>>;
@external("maps", "mapErrors") declare function mapErrors(map: Map<string, Array<string>>, n: i32, seed: i32): i32;
@external("maps", "churn")
declare function mapsChurn(n: i32, collectEvery: i32, seed: i32, callback: (collectEvery: i32, seed: i32) => i32): i32;

class Holder {
  constructor(public name: string, public leaf: Leaf) {}
}

let keptMap: Map<string, Array<string>> | null = null;
let keptHolders: Array<Holder> | null = null;

export function keep(n: i32, seed: i32): void {
  keptMap = buildMap(n, seed);
  const holders = new Array<Holder>();
  for (let i = 0; i < n; ++i) holders.push(new Holder("h" + i.toString(), makeLeaf("a" + i.toString(), i % 13, seed)));
  keptHolders = holders;
}

function holdersErrors(holders: Array<Holder>, n: i32, seed: i32): i32 {
  if (holders.length != n) return 1000000;
  let errors = 0;
  for (let i = 0; i < n; ++i) {
    const h = holders[i];
    if (h.name != "h" + i.toString()) ++errors;
    errors += leafErrors(h.leaf, "a" + i.toString(), i % 13, seed);
  }
  return errors;
}

export function check(n: i32, seed: i32): i32 {
  const map = keptMap;
  const holders = keptHolders;
  if (!map || !holders) return n ? 1000000 : 0;
  return mapErrors(map, n, seed) + holdersErrors(holders, n, seed);
}

/** Objects reachable only from this worker's frames while the plugins (and other workers) allocate and collect. */
export function stackTest(n: i32, collectEvery: i32, seed: i32): i32 {
  const leaf = makeLeaf("local", 33, seed);
  const map = buildMap(11, seed);
  const holder = new Holder("local-holder", makeLeaf("held", 5, seed));
  let errors = mapsChurn(n, collectEvery, seed, inner);
  errors += leafErrors(leaf, "local", 33, seed);
  errors += mapErrors(map, 11, seed);
  errors += leafErrors(holder.leaf, "held", 5, seed);
  if (holder.name != "local-holder") ++errors;
  return errors;
}

/** Called back from maps in the middle of stackTest: a frame of holders above maps' above holders'. */
export function inner(collectEvery: i32, seed: i32): i32 {
  const leaf = makeLeaf("inner", 21, seed);
  for (let i = 0; i < 200; ++i) {
    const junk = "inner-" + i.toString();
    if (collectEvery && i % collectEvery == 0) __collect();
    if (junk.length < 7) return 1000000;
  }
  return leafErrors(leaf, "inner", 21, seed);
}

/** Holders made here and pinned: another worker reads them by address until unpublish. */
export function publish(n: i32, seed: i32): usize {
  const holders = new Array<Holder>();
  for (let i = 0; i < n; ++i) holders.push(new Holder("h" + i.toString(), makeLeaf("a" + i.toString(), i % 13, seed)));
  return __pin(changetype<usize>(holders));
}

export function readPublished(address: usize, n: i32, seed: i32): i32 {
  return holdersErrors(changetype<Array<Holder>>(address), n, seed);
}

export function unpublish(address: usize): void {
  __unpin(address);
}

export function drop(): void {
  keptMap = null;
  keptHolders = null;
}
