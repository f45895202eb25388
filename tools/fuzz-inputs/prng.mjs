// A seeded PRNG: the same seed gives the same mutations on every machine.
import { seededRandom } from "@shared-rt/fixtures/seeded-random";

/** A generator of floats in [0, 1) from a 32-bit seed, with helpers for picking. */
export function prng(seed) {
  const next = seededRandom(seed);
  return {
    next,
    /** An integer in [0, n). */
    int: (n) => Math.floor(next() * n),
    /** One element of a non-empty array. */
    pick: (list) => list[Math.floor(next() * list.length)],
    /** True with probability p. */
    chance: (p) => next() < p,
  };
}

/** The seed of case `index` of a run seeded `seed`: each case replays alone. */
export function caseSeed(seed, index) {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  h = Math.imul(h ^ index, 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}
