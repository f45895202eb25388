// Where starting 100 small plugins spends its time (issue 15): the phases of SharedHost.load, from
// the engine calls it makes, as the start row measures it (fresh modules, a JS collection and an
// idle pause before each load). Wall time, so run it on an idle machine.
// Run: node tools/bench/start-profile.mjs [plugins] [loads]
import { SharedHost } from "@shared-rt/runner";
import { table } from "./bench-support.mjs";
import { startInputs } from "./runner-bench.mjs";
import { settle, summarize } from "./sample.mjs";

const count = Number(process.argv[2] ?? 100);
const loads = Number(process.argv[3] ?? 21);
const WARMUP = 3;
const { tmp, freshShared } = await startInputs(count);

// The engine's calls, timed from the start of the load: when the first compile was asked for,
// when the last finished, and the instantiations that follow.
let t0 = 0;
const marks = { firstCompile: Number.POSITIVE_INFINITY, compiled: 0, instantiated: 0 };
const { compile, instantiate } = WebAssembly;
WebAssembly.compile = async (bytes) => {
  marks.firstCompile = Math.min(marks.firstCompile, performance.now() - t0);
  const module = await compile(bytes);
  marks.compiled = Math.max(marks.compiled, performance.now() - t0);
  return module;
};
WebAssembly.instantiate = async (module, imports) => {
  const t = performance.now();
  const instance = await instantiate(module, imports);
  marks.instantiated += performance.now() - t;
  return instance;
};

const phases = { "checks (manifest)": [], "read, hash, compile": [], "instantiate, register, start": [], "of which instantiate": [], total: [] };
for (let r = 0; r < WARMUP + loads; ++r) {
  const { m, bytes } = freshShared();
  settle();
  await new Promise((resolve) => setTimeout(resolve, 50));
  Object.assign(marks, { firstCompile: Number.POSITIVE_INFINITY, compiled: 0, instantiated: 0 });
  t0 = performance.now();
  await SharedHost.load(m, { readFile: async (file) => bytes.get(file) });
  const total = performance.now() - t0;
  if (r < WARMUP) continue;
  phases["checks (manifest)"].push(marks.firstCompile);
  phases["read, hash, compile"].push(marks.compiled - marks.firstCompile);
  phases["instantiate, register, start"].push(total - marks.compiled);
  phases["of which instantiate"].push(marks.instantiated);
  phases.total.push(total);
}
await tmp.remove();
const f = (s) => `${s.median.toFixed(2)} [${s.min.toFixed(2)}–${s.max.toFixed(2)}]`;
table(
  `Starting ${count} plugins, ${loads} loads (after ${WARMUP}), ms`,
  ["phase", "median [min–max]"],
  Object.entries(phases).map(([k, xs]) => [k, f(summarize(xs))]),
);
