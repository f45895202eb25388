// The spread of every ratio over several bench runs (issue 15: "report each ratio with its
// spread over three consecutive runs"): per row, each run's median ratio and the largest
// deviation from their median, in percent.
// Run: node tools/bench/compare-runs.mjs run1.json run2.json run3.json [--md]
import { readFile } from "node:fs/promises";
import { table } from "./bench-support.mjs";
import { summarize } from "./sample.mjs";

const files = process.argv.slice(2).filter((a) => !a.startsWith("--"));
const runs = await Promise.all(files.map(async (f) => JSON.parse(await readFile(f, "utf8"))));
const fmt = (x) => (x >= 0.01 ? x.toFixed(2) : x.toPrecision(2));
const rows = runs[0].rows.map((first) => {
  const ratios = runs.map((run) => run.rows.find((r) => r.id === first.id)?.ratio?.median);
  if (ratios.some((x) => x === undefined)) return [first.id, ...ratios.map(() => "—"), "not measured"];
  const s = summarize(ratios);
  const deviation = Math.max(s.max / s.median - 1, 1 - s.min / s.median) * 100;
  return [first.id, ...ratios.map(fmt), `±${deviation.toFixed(0)}%`];
});
const header = ["row", ...runs.map((r) => r.date.slice(11, 16)), "spread"];
if (process.argv.includes("--md")) {
  console.log(`| ${header.join(" | ")} |\n|${header.map(() => "---").join("|")}|`);
  for (const r of rows) console.log(`| ${r.join(" | ")} |`);
} else {
  table(`Median ratio per run (${runs.length} runs) and the largest deviation from their median`, header, rows);
}
