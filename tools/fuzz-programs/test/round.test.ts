// The default tests' short round: a fixed seed, one program per config (all 12), each built
// split and as one module; every program must agree (an abort counts when both stop alike).
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, expect, it } from "vitest";
import { fuzzRound } from "../src/fuzz.mjs";
import { CONFIGS } from "../src/program.mjs";

let out = "";
afterAll(() => rm(out, { recursive: true, force: true }));

it(`a round of ${CONFIGS.length} programs, one per config, finds no divergence`, async () => {
  out = await mkdtemp(path.join(tmpdir(), "fuzz-programs-round-"));
  const lines: string[] = [];
  const summary = await fuzzRound({ count: CONFIGS.length, seed: 12_000, out, budget: 0, log: (l: string) => lines.push(l) });
  expect(summary.programs).toBe(CONFIGS.length);
  expect(Object.keys(summary.perConfig)).toHaveLength(CONFIGS.length);
  expect(summary.divergences, lines.join("\n")).toEqual([]);
  expect((summary.outcomes.agree ?? 0) + (summary.outcomes["agree-abort"] ?? 0)).toBe(CONFIGS.length);
});
