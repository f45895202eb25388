// Loaded isolated on a threaded host: every worker has its own instance over its own memory and
// runtime, so `kept` (and everything it reaches) is per worker. Values crossing its boundary are copied.
@external("words", "twice") declare function twice(s: string): string;

// Reachable only from this global, in this worker's own memory. (Not a literal: built at run time.)
let kept = new Array<string>();

export function shout(s: string): string { return s.toUpperCase() + "!"; }
export function sum(a: Array<i32>): i32 {
  let s = 0;
  for (let i = 0; i < a.length; ++i) s += a[i];
  return s;
}
export function squares(n: i32): Array<f64> {
  const out = new Array<f64>(n);
  for (let i = 0; i < n; ++i) out[i] = <f64>(i * i);
  return out;
}
/** Each word with its length, built here: a Map crosses back copied. */
export function lengths(words: Array<string>): Map<string, i32> {
  const out = new Map<string, i32>();
  for (let i = 0; i < words.length; ++i) out.set(words[i], words[i].length);
  return out;
}
/** Calls the shared plugin `words` (on this worker) across the boundary. */
export function doubled(s: string): string { return twice(s) + "|" + twice(s.toUpperCase()); }

/** Keeps `s` in this worker's instance; returns how many it keeps. */
export function remember(s: string): i32 {
  kept.push(s + "");
  return kept.length;
}
export function recall(): Array<string> { return kept.slice(0); }
export function forget(): void { kept = new Array<string>(); }

/** Garbage in its own heap, collected by its own runtime every `collectEvery`; errors in what it keeps are counted. */
export function churn(n: i32, collectEvery: i32): i32 {
  const before = kept.join(",");
  let errors = 0;
  for (let i = 0; i < n; ++i) {
    const a = new Array<string>(2);
    a[0] = "iso-garbage-" + i.toString();
    a[1] = a[0] + a[0];
    if (collectEvery && i % collectEvery == 0) __collect();
    if (a[1].length != 2 * a[0].length) ++errors;
  }
  __collect();
  if (kept.join(",") != before) ++errors;
  return errors;
}

/** Garbage only (nothing kept, no collection inside the call); returns this instance's memory pages. */
export function garbage(n: i32): i32 {
  let length = 0;
  for (let i = 0; i < n; ++i) length += ("iso-garbage-" + i.toString()).length;
  return length > 0 ? <i32>memory.size() : -1;
}

/** Aborts in this worker's instance: the caller gets a typed error naming `store`. */
export function fail(s: string): string { throw new Error("store refused " + s); }
