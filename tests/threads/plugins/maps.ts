// maps builds maps of arrays of strings that holders keeps, and churns in the middle of holders' calls.
@external("leaves", "churn") declare function leavesChurn(n: i32, collectEvery: i32): i32;

export function buildMap(n: i32, seed: i32): Map<string, Array<string>> {
  const map = new Map<string, Array<string>>();
  for (let i = 0; i < n; ++i) {
    const values = new Array<string>();
    for (let j = 0; j < (i % 5) + 1; ++j) values.push("v" + (i + seed).toString() + "_" + j.toString());
    map.set("key" + i.toString(), values);
  }
  return map;
}

export function mapErrors(map: Map<string, Array<string>>, n: i32, seed: i32): i32 {
  let errors = 0;
  if (map.size != n) ++errors;
  for (let i = 0; i < n; ++i) {
    const key = "key" + i.toString();
    if (!map.has(key)) {
      ++errors;
      continue;
    }
    const values = map.get(key);
    if (values.length != (i % 5) + 1) {
      ++errors;
      continue;
    }
    for (let j = 0; j < values.length; ++j) if (values[j] != "v" + (i + seed).toString() + "_" + j.toString()) ++errors;
  }
  return errors;
}

let kept: Map<string, Array<string>> | null = null;

export function keep(n: i32, seed: i32): void {
  kept = buildMap(n, seed);
}

export function check(n: i32, seed: i32): i32 {
  const map = kept;
  if (!map) return n ? 1000000 : 0;
  return mapErrors(map, n, seed);
}

/** Allocates while the caller's frames hold objects, calling back into the caller half way. */
export function churn(n: i32, collectEvery: i32, seed: i32, callback: (collectEvery: i32, seed: i32) => i32): i32 {
  let errors = 0;
  const mine = buildMap(7, seed); // this frame's, under the caller's
  for (let i = 0; i < n; ++i) {
    const s = "maps-" + i.toString();
    const parts = s.split("-");
    if (parts.length != 2) ++errors;
    if (collectEvery && i % collectEvery == 0) __collect();
    if (i == n >> 1) errors += callback(collectEvery, seed);
  }
  errors += leavesChurn(n, collectEvery);
  return errors + mapErrors(mine, 7, seed);
}

export function drop(): void {
  kept = null;
}
