// `bench.mjs --quick` completes and reports every row: a number for each measured row (with its
// baseline and ratio), a reason for each row that is not measured. No timing is asserted.
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

type Summary = { median: number; min: number; max: number; n: number };
type Row = {
  id: string;
  measure: string;
  unit: string | null;
  value: Summary | null;
  baseline: { label: string; value: Summary | null };
  ratio: Summary | null;
  notMeasured?: string;
};

// Every row the bench promises (issue 15's table), in its order.
const plugins = ["small", "tokenizer", "counter", "formatter"];
const collectors = ["incremental", "minimal"];
const EXPECTED = [
  ...plugins.flatMap((p) => collectors.flatMap((c) => [`size.${p}.${c}.embedded`, `size.${p}.${c}.stub`])),
  ...collectors.map((c) => `size.project.${c}`),
  "call.string",
  "start",
  "memory",
  "reloc.load",
  "string64k.plugin-plugin.glue",
  "string64k.js-roundtrip.glue",
  "string64k.plugin-plugin.extism",
  "string64k.plugin-plugin.component-model",
  ...collectors.flatMap((c) => [`alloc.${c}`, `alloc.link.${c}`, `alloc.new.${c}`]),
  ...collectors.map((c) => `collect.${c}`),
  ...["bases", "objects"].flatMap((w) => ["full", "edit", "noop"].map((k) => `build.${w}.${k}`)),
  "build.prebuilt",
  ...[0, 1, 2, 3, 4, 5].map((i) => `dispatch.${i}`),
  "futures.poll",
  "async",
  "async.memory",
  "async.max",
  "workers.cpu",
  "workers.alloc",
  "workers.caches",
  "workers.caches1",
  "workers.stw",
  "workers.lock",
  "workers.barrier",
  "workers.barrier2",
  "workers.pause.10k",
  "workers.pause.300k",
];

const bench = fileURLToPath(new URL("../bench.mjs", import.meta.url));
let dir: string;
let result: { machine: { cpus: number }; versions: Record<string, string>; rows: Row[] };
let svg: string;
let md: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "shared-rt-bench-test-"));
  const out = path.join(dir, "quick.json");
  await promisify(execFile)(process.execPath, [bench, "--quick", "--out", out], { maxBuffer: 1 << 24 });
  result = JSON.parse(await readFile(out, "utf8"));
  svg = await readFile(path.join(dir, "quick.svg"), "utf8");
  md = await readFile(path.join(dir, "quick.md"), "utf8");
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("npm run bench -- --quick", () => {
  it("reports every row, in order", () => {
    expect(result.rows.map((r) => r.id)).toEqual(EXPECTED);
  });

  it("gives each measured row a value, a baseline and a ratio, and each other row a reason", () => {
    for (const r of result.rows) {
      if (r.notMeasured !== undefined) {
        expect(r.notMeasured.length, r.id).toBeGreaterThan(10);
        expect(r.value, r.id).toBeNull();
        continue;
      }
      for (const s of [r.value, r.baseline.value, r.ratio]) {
        expect(Number.isFinite(s?.median), r.id).toBe(true);
        expect(s?.min, r.id).toBeLessThanOrEqual(s?.median ?? Number.NaN);
        expect(s?.max, r.id).toBeGreaterThanOrEqual(s?.median ?? Number.NaN);
      }
      expect(r.baseline.label.length, r.id).toBeGreaterThan(0);
    }
  });

  it("only rows without a feature or toolchain are not measured", () => {
    const missing = result.rows.filter((r) => r.notMeasured !== undefined).map((r) => r.id);
    expect(missing).toEqual(["string64k.plugin-plugin.component-model"]);
  });

  it("records the machine and versions, and renders the chart and markdown table", () => {
    expect(result.machine.cpus).toBeGreaterThan(0);
    expect(result.versions.assemblyscript).toMatch(/^\d+\.\d+\.\d+$/);
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg.match(/<rect [^>]*fill="#(3a8f4b|c0504d)"/g)?.length).toBe(EXPECTED.length - 1);
    expect(md.split("\n").filter((l) => l.startsWith("| ")).length).toBe(EXPECTED.length + 1);
  });
});
