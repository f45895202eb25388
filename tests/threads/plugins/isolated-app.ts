// A shared plugin calling the isolated one: each call goes to this worker's instance, its
// arguments copied out of the shared memory and its result copied back in.
@external("store", "shout") declare function shout(s: string): string;
@external("store", "sum") declare function isoSum(a: Array<i32>): i32;
@external("store", "squares") declare function squares(n: i32): Array<f64>;
@external("store", "lengths") declare function lengths(words: Array<string>): Map<string, i32>;
@external("store", "remember") declare function remember(s: string): i32;
@external("store", "churn") declare function isoChurn(n: i32, collectEvery: i32): i32;

export function greet(name: string): string { return shout("hello, " + name); }
export function rememberVia(s: string): i32 { return remember("via:" + s); }

/**
 * Rounds of calls across the boundary with shared objects held only in this frame, the shared
 * heap collected (`__collect`) and the isolated one collecting inside its own calls in between;
 * returns the wrong values seen.
 */
export function roundTrip(rounds: i32, seed: i32): i32 {
  let errors = 0;
  const held = new Array<string>();
  for (let r = 0; r < rounds; ++r) {
    const word = "r" + (r + seed).toString();
    held.push(word);
    if (shout(word) != word.toUpperCase() + "!") ++errors;
    const n = r % 9 + 1;
    const a = new Array<i32>(n);
    for (let i = 0; i < n; ++i) a[i] = i + seed;
    if (isoSum(a) != (n * (n - 1)) / 2 + n * seed) ++errors;
    const s = squares(n);
    if (s.length != n || s[n - 1] != <f64>((n - 1) * (n - 1))) ++errors;
    const m = lengths([word, word + word]);
    if (m.size != 2 || m.get(word) != word.length || m.get(word + word) != 2 * word.length) ++errors;
    if (r % 5 == 0) __collect();
    if (r % 7 == 0) errors += isoChurn(50, 10);
  }
  __collect();
  for (let r = 0; r < rounds; ++r) if (held[r] != "r" + (r + seed).toString()) ++errors;
  return errors;
}
