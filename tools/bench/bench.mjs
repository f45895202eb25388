// `npm run bench [-- --quick] [-- --out <file.json>]`: every measure of tools/bench in one run,
// each against its baseline measured in the same run; prints one table of ratios, writes the
// results as JSON (machine, versions, date, every row's summary) and an SVG chart beside it.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { cpus, freemem, loadavg, totalmem } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { allRows } from "./bench-rows.mjs";
import { table } from "./bench-support.mjs";
import { chartSvg } from "./chart-svg.mjs";
import { markdown, tableRows } from "./report.mjs";

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const outIndex = args.indexOf("--out");
const here = path.dirname(fileURLToPath(import.meta.url));
const out = outIndex >= 0 ? path.resolve(args[outIndex + 1]) : path.join(here, "results", quick ? "quick.json" : "latest.json");

// Full: the sizes the READMEs quote (100 plugins). Quick: the same rows, small enough for CI.
const FULL = {
  runs: 15,
  warmup: 3,
  plugins: 100,
  startRuns: 21,
  relocCopies: 10,
  buildRuns: 5,
  allocN: 100_000,
  collectN: 100_000,
  callN: 1_000_000,
  stringOps: 2000,
  extismOps: 50,
  buildPlugins: 100,
  buildOpt: 3,
  dispatchN: 2_000_000,
  jspiN: 20_000,
  threadTasks: 16,
  threadSpinN: 20_000_000,
  threadAllocN: 200_000,
};
const QUICK = {
  runs: 3,
  warmup: 1,
  plugins: 5,
  startRuns: 3,
  relocCopies: 2,
  buildRuns: 1,
  allocN: 20_000,
  collectN: 10_000,
  callN: 100_000,
  stringOps: 200,
  extismOps: 10,
  buildPlugins: 2,
  buildOpt: 0,
  dispatchN: 200_000,
  jspiN: 2000,
  threadTasks: 4,
  threadSpinN: 2_000_000,
  threadAllocN: 20_000,
};

/** The installed version of `pkg` (found as node_modules/<pkg> here or above: not every package exports its package.json). */
async function versionOf(pkg) {
  for (let dir = here; ; dir = path.dirname(dir)) {
    try {
      return JSON.parse(await readFile(path.join(dir, "node_modules", pkg, "package.json"), "utf8")).version;
    } catch (error) {
      if (dir === path.dirname(dir)) throw error;
    }
  }
}

async function environment() {
  const cpu = cpus();
  return {
    date: new Date().toISOString(),
    mode: quick ? "quick" : "full",
    machine: {
      cpus: cpu.length,
      model: cpu[0]?.model ?? "unknown",
      memoryBytes: totalmem(),
      freeMemoryBytes: freemem(),
      loadAverage: loadavg(),
      platform: process.platform,
      arch: process.arch,
    },
    versions: {
      node: process.version,
      assemblyscript: await versionOf("assemblyscript"),
      "@extism/extism": await versionOf("@extism/extism"),
      "@extism/as-pdk": await versionOf("@extism/as-pdk"),
    },
  };
}

/** `--render <file.json>`: writes the SVG and markdown of earlier results again, measuring nothing. */
async function render(file) {
  const result = JSON.parse(await readFile(file, "utf8"));
  await writeFile(file.replace(/\.json$/, ".svg"), chartSvg(result));
  await writeFile(file.replace(/\.json$/, ".md"), markdown(result));
}
const renderIndex = args.indexOf("--render");
if (renderIndex >= 0) {
  await render(path.resolve(args[renderIndex + 1]));
  process.exit(0);
}

const started = performance.now();
const env = await environment();
const rows = await allRows(quick ? QUICK : FULL, (line) => console.error(`bench: ${line}`));
const result = { ...env, settings: quick ? QUICK : FULL, seconds: (performance.now() - started) / 1000, rows };
table(
  `shared-rt vs the alternatives, ${env.mode} run, ${env.date} — ratio = shared-rt / baseline (below 1: smaller or faster), median [min–max] of per-round ratios`,
  ["measure", "shared-rt", "baseline", "ratio"],
  tableRows(rows).cells,
);
for (const note of tableRows(rows).notes) console.log(note);
console.log(
  `\n${env.machine.cpus} × ${env.machine.model}, ${(env.machine.memoryBytes / 2 ** 30).toFixed(1)} GiB, load ${env.machine.loadAverage.map((x) => x.toFixed(1)).join(" ")}`,
);
console.log(`Node ${env.versions.node}, AssemblyScript ${env.versions.assemblyscript}; ${result.seconds.toFixed(0)} s`);
await mkdir(path.dirname(out), { recursive: true });
await writeFile(out, `${JSON.stringify(result, null, 2)}\n`);
const svg = out.replace(/\.json$/, ".svg");
await writeFile(svg, chartSvg(result));
const md = out.replace(/\.json$/, ".md");
await writeFile(md, markdown(result));
console.log(`wrote ${[out, svg, md].map((f) => path.relative(process.cwd(), f)).join(", ")}`);
