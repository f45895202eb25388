/** "Did you mean" for a misspelled key, value or name: the nearest known one by edit distance. */

/** Levenshtein distance (insertions, deletions, substitutions), case-insensitive. */
export function editDistance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; ++i) {
    const row = [i];
    for (let j = 1; j <= y.length; ++j) {
      row[j] = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1));
    }
    previous = row;
  }
  return previous[y.length];
}

/**
 * The candidate nearest to `word` when it is a near miss: at most `max` edits (2 by default),
 * and fewer than half of the shorter word's letters (so that `a` is no misspelling of `b`).
 * Ties go to the first candidate; `word` itself is never suggested.
 */
export function nearest(word: string, candidates: Iterable<string>, max = 2): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    if (candidate === word) continue;
    const d = editDistance(word, candidate);
    if (d <= max && d * 2 < Math.min(word.length, candidate.length) && d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/** `; did you mean "collector"?`, or nothing when no candidate is near. */
export function didYouMean(word: string, candidates: Iterable<string>, quote = (s: string) => JSON.stringify(s)): string {
  const best = nearest(word, candidates);
  return best === undefined ? "" : `; did you mean ${quote(best)}?`;
}
