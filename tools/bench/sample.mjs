// Sampling for the benchmarks: warm-ups, repeats, and A/B pairs measured interleaved, so a
// change of machine load or JIT tier during a run hits both sides of a ratio alike.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

// A full JS collection before each timed sample, so garbage one sample left (100 instances,
// their memories) is not collected inside the next one's timing. Exposed at run time, so the
// scripts need no node flag.
setFlagsFromString("--expose-gc");
const collectGarbage = runInNewContext("gc");

/**
 * Runs `compile` (which compiles and instantiates wasm) with V8's baseline compiler off, so the
 * modules it makes run optimized code from the first call. For per-call rows of nanoseconds:
 * V8 tiers hot functions up in the background, and in one of three runs a loop stayed in the
 * baseline tier for all 15 rounds (a getter call read 17 ns instead of 5.7).
 */
export async function topTierOnly(compile) {
  setFlagsFromString("--no-liftoff");
  try {
    return await compile();
  } finally {
    setFlagsFromString("--liftoff");
  }
}

/** Collects the JS heap (untimed), so the next sample starts from the same state. */
export function settle() {
  collectGarbage();
}

/** median, min, max and count of `xs`. */
export function summarize(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return { median: s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2, min: s[0], max: s[s.length - 1], n: s.length };
}

/** A single exact value (bytes, counts) as a summary. */
export const exact = (value) => ({ median: value, min: value, max: value, n: 1 });

/** ms of one call of `fn` (sync or async). */
async function once(fn) {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

/**
 * Measures `a` (the subject) and `b` (its baseline) in alternating order, round by round, after
 * `warmup` rounds of each. `setup` (optional, untimed) runs before each timed call and its result
 * is passed to it, e.g. a fresh instance per sample. Returns both summaries and the summary of
 * the per-round ratios a/b, which is steadier than a ratio of medians under changing load.
 */
export async function pair(a, b, { runs = 15, warmup = 3, setupA, setupB, settleEach = false } = {}) {
  const as = [];
  const bs = [];
  const ratios = [];
  for (let r = 0; r < warmup + runs; ++r) {
    const inputA = setupA ? await setupA() : undefined;
    const inputB = setupB ? await setupB() : undefined;
    if (settleEach) settle();
    // Alternate which side goes first, so neither always runs on a freshly collected heap.
    let ta;
    let tb;
    if (r & 1) {
      tb = await once(() => b(inputB));
      ta = await once(() => a(inputA));
    } else {
      ta = await once(() => a(inputA));
      tb = await once(() => b(inputB));
    }
    if (r < warmup) continue;
    as.push(ta);
    bs.push(tb);
    ratios.push(ta / tb);
  }
  return { a: summarize(as), b: summarize(bs), ratio: summarize(ratios) };
}

/** Scales every field of a summary (e.g. ms per run → µs per call). */
export const scale = (s, k) => ({ ...s, median: s.median * k, min: s.min * k, max: s.max * k });
