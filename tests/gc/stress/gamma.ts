// gamma owns Leaf objects: kept in its own globals, and handed to the other plugins.

class Leaf {
  constructor(public tag: string, public data: Array<i32>) {}
}

function expected(tag: string, i: i32): i32 {
  return i * 7 + tag.length;
}

export function makeLeaf(tag: string, n: i32): Leaf {
  const data = new Array<i32>(n);
  for (let i = 0; i < n; ++i) data[i] = expected(tag, i);
  return new Leaf(tag, data);
}

/** Errors found in a leaf made by makeLeaf(tag, n); any plugin may pass one back. */
export function leafErrors(leaf: Leaf, tag: string, n: i32): i32 {
  let errors = 0;
  if (leaf.tag != tag) ++errors;
  if (leaf.data.length != n) return errors + 1;
  for (let i = 0; i < n; ++i) if (leaf.data[i] != expected(tag, i)) ++errors;
  return errors;
}

// (a) reachable only from gamma's globals
let leaves: Array<Leaf> = [];

export function keepLeaves(n: i32): void {
  for (let i = 0; i < n; ++i) leaves.push(makeLeaf("g" + i.toString(), i % 17));
}

export function checkLeaves(n: i32): i32 {
  if (leaves.length != n) return 1000000;
  let errors = 0;
  for (let i = 0; i < n; ++i) errors += leafErrors(leaves[i], "g" + i.toString(), i % 17);
  return errors;
}

/** Garbage: strings and arrays nobody keeps. With the incremental collector, allocation alone triggers steps. */
export function churn(n: i32, collectEvery: i32): void {
  for (let i = 0; i < n; ++i) {
    const s = "garbage-" + i.toString();
    const a = new Array<string>(3);
    a[0] = s;
    a[1] = s + s;
    if (collectEvery && i % collectEvery == 0) __collect();
  }
}

export function dropAll(): void {
  leaves = [];
}
