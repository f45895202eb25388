import { seededRandom } from "@shared-rt/fixtures/seeded-random";

/** A seeded random source: the same seed gives the same program on every machine. */
export function rng(seed) {
  const next = seededRandom(seed);
  const int = (lo, hi) => lo + Math.floor(next() * (hi - lo + 1));
  return {
    next,
    /** An integer in [lo, hi]. */
    int,
    chance: (p) => next() < p,
    pick: (xs) => xs[Math.floor(next() * xs.length)],
  };
}
