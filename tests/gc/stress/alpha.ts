// alpha keeps objects of the other plugins' classes: a Map<string, Array<string>> built by
// beta in its global, and instances of its own class whose field points at gamma's Leaf.

// alpha's view of gamma's Leaf: same fields, so the same layout. Objects carry gamma's class
// id; the collector visits them with gamma's visitor.
class Leaf {
  tag: string = "";
  data: Array<i32> = [];
}

class Holder {
  constructor(public name: string, public leaf: Leaf) {}
}

@external("gamma", "makeLeaf") declare function makeLeaf(tag: string, n: i32): Leaf;
@external("gamma", "leafErrors") declare function leafErrors(leaf: Leaf, tag: string, n: i32): i32;
@external("beta", "buildMap") declare function buildMap(n: i32): Map<string, Array<string>>;
@external("beta", "mapErrors") declare function mapErrors(map: Map<string, Array<string>>, n: i32): i32;
@external("beta", "churn") declare function betaChurn(n: i32, collectEvery: i32, callback: (collectEvery: i32) => i32): i32;

// (c) reachable only through alpha's globals, owned by other plugins
let heldMap: Map<string, Array<string>> | null = null;
let holders: Array<Holder> = [];

export function keep(n: i32): void {
  heldMap = buildMap(n);
  for (let i = 0; i < n; ++i) holders.push(new Holder("h" + i.toString(), makeLeaf("a" + i.toString(), i % 13)));
}

export function check(n: i32): i32 {
  let errors = heldMap ? mapErrors(heldMap!, n) : 1000000;
  if (holders.length != n) return errors + 1000000;
  for (let i = 0; i < n; ++i) {
    const h = holders[i];
    if (h.name != "h" + i.toString()) ++errors;
    errors += leafErrors(h.leaf, "a" + i.toString(), i % 13);
  }
  return errors;
}

// (b) reachable only from alpha's stack frames while beta (and gamma) allocate and collect
export function stackTest(n: i32, collectEvery: i32): i32 {
  const leaf = makeLeaf("local", 33);
  const map = buildMap(11);
  const holder = new Holder("local-holder", makeLeaf("held", 5));
  let errors = betaChurn(n, collectEvery, inner);
  errors += leafErrors(leaf, "local", 33);
  errors += mapErrors(map, 11);
  errors += leafErrors(holder.leaf, "held", 5);
  if (holder.name != "local-holder") ++errors;
  return errors;
}

/** Called back from beta in the middle of stackTest: a frame of alpha above beta's above alpha's. */
export function inner(collectEvery: i32): i32 {
  const leaf = makeLeaf("inner", 21);
  for (let i = 0; i < 200; ++i) {
    const junk = "inner-" + i.toString();
    if (collectEvery && i % collectEvery == 0) __collect();
    if (junk.length < 7) return 1000000;
  }
  return leafErrors(leaf, "inner", 21);
}

export function dropAll(): void {
  heldMap = null;
  holders = [];
}
