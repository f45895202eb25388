// beta builds maps of arrays of strings that alpha keeps, and churns in the middle of alpha's calls.

@external("gamma", "churn") declare function gammaChurn(n: i32, collectEvery: i32): void;

export function buildMap(n: i32): Map<string, Array<string>> {
  const map = new Map<string, Array<string>>();
  for (let i = 0; i < n; ++i) {
    const values = new Array<string>();
    for (let j = 0; j < i % 5 + 1; ++j) values.push("v" + i.toString() + "_" + j.toString());
    map.set("key" + i.toString(), values);
  }
  return map;
}

export function mapErrors(map: Map<string, Array<string>>, n: i32): i32 {
  let errors = 0;
  if (map.size != n) ++errors;
  for (let i = 0; i < n; ++i) {
    const key = "key" + i.toString();
    if (!map.has(key)) {
      ++errors;
      continue;
    }
    const values = map.get(key);
    if (values.length != i % 5 + 1) {
      ++errors;
      continue;
    }
    for (let j = 0; j < values.length; ++j) if (values[j] != "v" + i.toString() + "_" + j.toString()) ++errors;
  }
  return errors;
}

// (a) reachable only from beta's globals
let ownMap = new Map<string, Array<string>>();

export function keepMap(n: i32): void {
  ownMap = buildMap(n);
}

export function checkMap(n: i32): i32 {
  return mapErrors(ownMap, n);
}

/**
 * Allocates heavily while the caller's frames hold objects, and calls back into the caller
 * half way (alpha -> beta -> alpha: a function reference of alpha's, called through the table).
 */
export function churn(n: i32, collectEvery: i32, callback: (collectEvery: i32) => i32): i32 {
  let errors = 0;
  const mine = buildMap(7); // beta's frame, under alpha's
  for (let i = 0; i < n; ++i) {
    const s = "beta-" + i.toString();
    const parts = s.split("-");
    if (parts.length != 2) ++errors;
    if (collectEvery && i % collectEvery == 0) __collect();
    if (i == n >> 1) errors += callback(collectEvery);
  }
  gammaChurn(n, collectEvery);
  return errors + mapErrors(mine, 7);
}

export function dropAll(): void {
  ownMap = new Map<string, Array<string>>();
}
