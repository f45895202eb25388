#!/usr/bin/env node
/**
 * `npm run fuzz:programs -- [--count N] [--seed S] [--out DIR] [--budget N] [--replay DIR]`:
 * generates N programs (program i from seed S + i, in config (S + i) mod 12), builds each split
 * and as one module, compares, and saves each divergence reduced. Exit code 1 if any diverged.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { checkProgram, explain } from "./check-program.mjs";
import { CONFIGS, configName, generateProgram } from "./program.mjs";
import { reduce } from "./reduce.mjs";
import { readSaved, saveDivergence } from "./save.mjs";

const HELP = `fuzz:programs: random AssemblyScript programs, split into 2-4 shared-rt plugins and as one module; outputs compared

  --count N     programs to try (default 20)
  --seed S      first seed (default 1); program i uses seed S+i and config (S+i) mod ${CONFIGS.length}
  --out DIR     where divergences go (default tools/fuzz-programs/divergences)
  --budget N    checks the reducer may spend per divergence (default 40; 0: save unreduced)
  --replay DIR  run a saved divergence again and show both outputs
  --help        this text

configs: ${CONFIGS.map(configName).join(", ")}`;

// npm runs the script in the workspace; paths on the command line are the caller's (INIT_CWD).
const fromCaller = (p) => path.resolve(process.env.INIT_CWD ?? process.cwd(), p);

export function parseArgs(argv) {
  const opts = { count: 20, seed: 1, out: path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "divergences"), budget: 40 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === "--help" || a === "-h") opts.help = true;
    else if (a === "--count") opts.count = Number(value());
    else if (a === "--seed") opts.seed = Number(value());
    else if (a === "--out") opts.out = fromCaller(value());
    else if (a === "--budget") opts.budget = Number(value());
    else if (a === "--replay") opts.replay = fromCaller(value());
    else throw new Error(`unknown option ${a} (see --help)`);
  }
  for (const k of ["count", "seed", "budget"]) if (!Number.isInteger(opts[k]) || opts[k] < 0) throw new Error(`--${k} must be a whole number`);
  return opts;
}

/** Runs a round; returns the summary. `log` prints progress. */
export async function fuzzRound({ count, seed, out, budget, log = console.log }) {
  const summary = { programs: 0, outcomes: {}, perConfig: {}, aborts: {}, divergences: [], seconds: 0 };
  const started = Date.now();
  for (let i = 0; i < count; i++) {
    const s = seed + i;
    const config = CONFIGS[s % CONFIGS.length];
    const program = generateProgram(s, config);
    const t = Date.now();
    const result = await checkProgram(program);
    const name = configName(config);
    summary.programs++;
    summary.outcomes[result.outcome] = (summary.outcomes[result.outcome] ?? 0) + 1;
    summary.perConfig[name] ??= {};
    summary.perConfig[name][result.outcome] = (summary.perConfig[name][result.outcome] ?? 0) + 1;
    if (result.outcome === "agree-abort") {
      // How the program stopped, without the step and the generated message's varying tail.
      const how = result.reference.lines
        .at(-1)
        .replace(/^!! \w+: /, "")
        .replace(/^(abort (bad x|\w+)).*$/, "$1");
      summary.aborts[how] = (summary.aborts[how] ?? 0) + 1;
    }
    const lines = result.reference?.lines.length ?? 0;
    log(
      `[${i + 1}/${count}] seed ${s} ${name} ${program.pluginCount} plugins: ${result.outcome}${result.kind && result.outcome !== "agree" && result.outcome !== "agree-abort" ? ` (${result.kind})` : ""}, ${lines} lines, ${((Date.now() - t) / 1000).toFixed(1)} s`,
    );
    if (result.outcome === "divergence" || result.outcome === "invalid") {
      log(explain(result).split("\n").slice(0, 40).join("\n"));
      const reduced = result.outcome === "divergence" && budget > 0 ? await reduce(program, result, { budget, log }) : { program, result, checks: 0 };
      const dir = await saveDivergence(out, program, reduced);
      summary.divergences.push({ seed: s, config: name, kind: result.kind, dir });
      log(`  saved ${dir}`);
    }
  }
  summary.seconds = Math.round((Date.now() - started) / 1000);
  return summary;
}

export function formatSummary(summary) {
  const lines = [
    `programs: ${summary.programs} in ${summary.seconds} s`,
    `outcomes: ${JSON.stringify(summary.outcomes)}`,
    `both stopped by: ${JSON.stringify(summary.aborts)}`,
    "per config:",
  ];
  for (const [name, o] of Object.entries(summary.perConfig).sort()) lines.push(`  ${name}: ${JSON.stringify(o)}`);
  lines.push(`divergences: ${summary.divergences.length}`);
  for (const d of summary.divergences) lines.push(`  seed ${d.seed} ${d.config} ${d.kind}: ${d.dir}`);
  return lines.join("\n");
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.help) return console.log(HELP);
  if (opts.replay) {
    const program = await readSaved(opts.replay);
    const result = await checkProgram(program);
    console.log(`${configName(program.config)}: ${result.outcome}${result.kind ? ` (${result.kind})` : ""}`);
    console.log(explain(result));
    process.exitCode = result.outcome === "divergence" || result.outcome === "invalid" ? 1 : 0;
    return;
  }
  const summary = await fuzzRound(opts);
  console.log(formatSummary(summary));
  process.exitCode = summary.divergences.length ? 1 : 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(error?.message ?? error);
    process.exitCode = 2;
  });
}
