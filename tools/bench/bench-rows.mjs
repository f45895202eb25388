// Every row of `npm run bench`: runs each measure (imported from the benchmark scripts, or the
// linker bench as a subprocess) and turns its result into rows of
//   { id, group, measure, unit, value, baseline: { label, value }, ratio, note?, notMeasured? }
// where value, baseline.value and ratio are summaries { median, min, max, n }. A ratio below 1
// means shared-rt is smaller or faster than the baseline.
import { execFile } from "node:child_process";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { virtualCalls } from "./dispatch-bench.mjs";
import { extismPair } from "./extism-bench.mjs";
import { relocation } from "./relocation-bench.mjs";
import { sharedProject } from "./bench-support.mjs";
import { CONSUMER, crossPluginCall, PRODUCER, startAndMemory, stringPassing } from "./runner-bench.mjs";
import { allocation, collection, sizes } from "./runtime-bench.mjs";
import { runtimeCalls } from "./runtime-call-bench.mjs";
import { futurePolls } from "./futures-bench.mjs";
import { jspiCalls } from "./jspi-bench.mjs";
import { linkPrebuilt } from "./link-prebuilt-bench.mjs";
import { barrierWorkerRows, threadRows } from "./threads-bench.mjs";
import { exact, pair, scale } from "./sample.mjs";

const row = (id, group, measure, unit, value, baselineLabel, baseline, ratio, note) => ({
  id,
  group,
  measure,
  unit,
  value,
  baseline: { label: baselineLabel, value: baseline },
  ratio: ratio ?? exact(value.median / baseline.median),
  ...(note ? { note } : {}),
});
const notMeasured = (id, group, measure, baselineLabel, reason) => ({
  id,
  group,
  measure,
  unit: null,
  value: null,
  baseline: { label: baselineLabel, value: null },
  ratio: null,
  notMeasured: reason,
});
/** A pair() result as a row: `a` is shared-rt, `b` the baseline, both scaled by `k` (e.g. per call). */
const pairRow = (id, group, measure, unit, r, label, k = 1, note) => row(id, group, measure, unit, scale(r.a, k), label, scale(r.b, k), r.ratio, note);

async function sizeRows() {
  const rows = [];
  const all = await sizes();
  for (const s of all) {
    const m = `${s.name} plugin bytes (${s.collector})`;
    rows.push(row(`size.${s.name}.${s.collector}.embedded`, "size", m, "B", exact(s.shared), "embedded runtime", exact(s.embedded)));
    rows.push(row(`size.${s.name}.${s.collector}.stub`, "size", m, "B", exact(s.shared), "stub runtime (floor)", exact(s.stub)));
  }
  for (const collector of ["incremental", "minimal"]) {
    const mine = all.filter((s) => s.collector === collector);
    const project = mine.reduce((t, s) => t + s.shared, 0) + mine[0].runtime;
    const own = mine.reduce((t, s) => t + s.embedded, 0);
    const m = `whole project: ${mine.length} plugins + runtime (${collector})`;
    rows.push(row(`size.project.${collector}`, "size", m, "B", exact(project), `${mine.length} standalone builds`, exact(own)));
  }
  return rows;
}

async function stringRows(q) {
  const r = await stringPassing({ ops: q.stringOps, runs: q.runs, warmup: q.warmup });
  const perPass = 1 / r.ops;
  const rows = [
    pairRow(
      "string64k.plugin-plugin.glue",
      "string",
      "64 KiB string plugin → plugin",
      "ms",
      r.pluginToPlugin,
      "copied through JS (asc --bindings esm)",
      perPass,
    ),
    pairRow("string64k.js-roundtrip.glue", "string", "64 KiB string JS → plugin → JS", "ms", r.roundTrip, "asc --bindings esm glue", perPass),
  ];
  rows.push(await extismRow(q));
  rows.push(
    notMeasured(
      "string64k.plugin-plugin.component-model",
      "string",
      "64 KiB string plugin → plugin",
      "component model (jco)",
      "AssemblyScript has no component-model toolchain: it would need a WIT binding generator for AssemblyScript " +
        "(canonical-ABI lifting/lowering of string) plus `wasm-tools component new` to wrap the core modules, then " +
        "jco transpile to run them in Node; none exists for asc 0.28",
    ),
  );
  return rows;
}

async function extismRow(q) {
  const id = "string64k.plugin-plugin.extism";
  const label = "Extism (JS SDK, two as-pdk plugins, host passes it)";
  let extism;
  try {
    extism = await extismPair(32 * 1024);
  } catch (error) {
    return notMeasured(id, "string", "64 KiB string plugin → plugin", label, `Extism did not run: ${error.message}`);
  }
  // The same shared-rt plugin → plugin pass, `k` times per Extism pass (it is ~10^4× faster).
  const { send, close } = await sendOnly();
  const k = 100;
  const r = await pair(
    () => {
      for (let i = 0; i < q.extismOps * k; ++i) send();
    },
    async () => {
      for (let i = 0; i < q.extismOps; ++i) await extism.pass();
    },
    { runs: q.runs, warmup: q.warmup },
  );
  await extism.close();
  await close();
  const perPass = 1 / q.extismOps;
  return row(
    id,
    "string",
    "64 KiB string plugin → plugin",
    "ms",
    scale(r.a, perPass / k),
    label,
    scale(r.b, perPass),
    scale(r.ratio, 1 / k),
    "Extism moves it as 32 KiB of UTF-8",
  );
}

/** The shared-rt plugin → plugin string pass alone, for the Extism row. */
async function sendOnly() {
  const shared = await sharedProject(
    {
      "consumer.ts": CONSUMER,
      "producer.ts": `@external("consumer", "consume") declare function consume(s: string): i32;\n${PRODUCER}\nexport function send(): i32 { return consume(kept); }`,
    },
    { consumer: { entry: "consumer.ts" }, producer: { entry: "producer.ts" } },
  );
  shared.host.call("producer", "make", 32 * 1024);
  return { send: shared.host.plugin("producer").instance.exports.send, close: () => shared.tmp.remove() };
}

async function runtimeRows(q) {
  const rows = [];
  for (const collector of ["incremental", "minimal"]) {
    const r = await allocation(collector, { n: q.allocN, runs: q.runs, warmup: q.warmup });
    rows.push(pairRow(`alloc.${collector}`, "runtime", `allocation, ${r.n} × 3 objects (${collector})`, "ms", r, "embedded runtime"));
    // Why: the runtime calls a plugin makes, each into another instance.
    const c = await runtimeCalls(collector, { n: q.callN, runs: q.runs, warmup: q.warmup });
    const each = 1e6 / c.n;
    rows.push(
      pairRow(
        `alloc.link.${collector}`,
        "runtime",
        `write barrier with nothing to do, a call into the runtime (${collector})`,
        "ns",
        c.links,
        "inlined in one module",
        each,
      ),
    );
    rows.push(
      pairRow(
        `alloc.new.${collector}`,
        "runtime",
        `allocating one small object, a call into the runtime (${collector})`,
        "ns",
        c.news,
        "inside one module",
        each,
      ),
    );
  }
  for (const collector of ["incremental", "minimal"]) {
    const r = await collection(collector, { count: q.plugins, n: q.collectN, runs: q.runs, warmup: q.warmup });
    const m = `full collection, ${r.n} live objects over ${r.count} plugins (${collector})`;
    rows.push(pairRow(`collect.${collector}`, "runtime", m, "ms", r, "1 plugin, same live set"));
  }
  return rows;
}

async function runnerRows(q) {
  const call = await crossPluginCall({ n: q.callN, runs: q.runs, warmup: q.warmup });
  const rows = [pairRow("call.string", "call", "call with a string argument, across plugins", "ns", call, "the same call inside one module", 1e6 / call.n)];
  const s = await startAndMemory({ count: q.plugins, runs: q.startRuns, warmup: q.warmup });
  rows.push(pairRow("start", "start", `starting ${s.count} small plugins`, "ms", s.start, `instantiating ${s.count} standalone modules`));
  const m = s.memory;
  rows.push(row("memory", "start", `linear memory of ${s.count} small plugins`, "B", exact(m.shared), `${s.count} standalone modules`, exact(m.standalone)));
  const r = await relocation(3, { runs: q.runs, warmup: q.warmup, copies: q.relocCopies });
  rows.push(row("reloc.load", "start", "loading a relocatable plugin into a running host", "ms", r.reloc, "loading it linked", r.linked, r.ratio));
  return rows;
}

async function dispatchRows(q) {
  const cases = await virtualCalls({ n: q.dispatchN, rounds: q.runs, warmup: q.warmup + 2 });
  return cases.map((c, i) => {
    const wrong = c.one.result !== c.value || c.plugins.result !== c.value;
    const value = { median: c.plugins.median, min: c.plugins.min, max: c.plugins.max, n: c.plugins.n };
    const base = { median: c.one.median, min: c.one.min, max: c.one.max, n: c.one.n };
    const note = `${c.path}${wrong ? "; WRONG RESULT" : ""}`;
    return row(`dispatch.${i}`, "dispatch", `virtual call: ${c.label}`, "ns", value, "in-module virtual call", base, c.ratio, note);
  });
}

const linkerBench = fileURLToPath(new URL("./linker-bench.mjs", import.meta.url));

/** Runs linker-bench.mjs (its own process: it is one build each, no repeats) and reads its table. */
async function buildRows(q) {
  const { stdout } = await promisify(execFile)(process.execPath, [linkerBench, String(q.buildPlugins), String(q.buildOpt)], {
    maxBuffer: 1 << 24,
  });
  const lines = stdout.split("\n").filter((l) => l.startsWith("|") && !l.startsWith("|-"));
  const cells = (l) =>
    l
      .split("|")
      .slice(1, -1)
      .map((c) => c.trim());
  const header = cells(lines[0]);
  const col = (name) => header.findIndex((h) => h.includes(name));
  const [wall, compiled] = [col("wall"), col("compiled")];
  const builds = lines.slice(1).map((l) => {
    const c = cells(l);
    return { label: c[0], seconds: Number.parseFloat(c[wall]), compiled: c[compiled] };
  });
  const find = (way, what) => builds.find((b) => b.label.startsWith(way) && b.label.includes(what));
  const baseline = find("at bases", "full build");
  if (!baseline) throw new Error(`linker-bench printed no full build at bases:\n${stdout}`);
  const rows = [];
  for (const way of ["at bases", "from objects"]) {
    for (const [what, key] of [
      ["full build", "full"],
      ["editing", "edit"],
      ["nothing changed", "noop"],
    ]) {
      const b = find(way, what);
      const id = `build.${way === "at bases" ? "bases" : "objects"}.${key}`;
      const m = `building ${q.buildPlugins} plugins ${way}: ${b?.label.split(": ")[1] ?? what}`;
      if (!b) rows.push(notMeasured(id, "build", m, "full build at bases", "linker-bench.mjs printed no such row"));
      else
        rows.push(
          row(
            id,
            "build",
            m,
            "s",
            exact(b.seconds),
            "full build at bases",
            exact(baseline.seconds),
            undefined,
            `${b.compiled} compiled, ${availableParallelism()} cores`,
          ),
        );
    }
  }
  const p = await linkPrebuilt({ runs: q.buildRuns, warmup: 1 });
  rows.push(pairRow("build.prebuilt", "build", "a clean build linking a prebuilt plugin (counter)", "ms", p, "the same plugin compiled from source"));
  return rows;
}

async function futureRows(q) {
  const f = await futurePolls({ n: q.callN, runs: q.runs, warmup: q.warmup });
  return [
    pairRow("futures.poll", "future", "polling a future another plugin made (its poll runs there)", "ns", f, "a direct call into that plugin", 1e6 / f.n),
  ];
}

async function jspiRows(q) {
  const r = await jspiCalls({ n: q.jspiN, runs: q.runs, warmup: q.warmup, suspended: 1000 });
  const engine = `Node ${r.engine}, registry`;
  const ceiling = (r.maximumMemory * 65536) / r.memory.stackSize;
  return [
    pairRow("async", "future", `a call that suspends once on a host Promise (JSPI, ${engine})`, "ms", r.call, "a synchronous call, same engine", 1 / r.n),
    row(
      "async.memory",
      "future",
      "wasm memory per suspended call (1000 held)",
      "B",
      exact(r.memory.bytes),
      "its shadow-stack segment (asyncStackSize)",
      exact(r.memory.stackSize),
    ),
    row(
      "async.max",
      "future",
      `calls suspended at once until ${r.max.refused} (${r.maximumMemory} pages maximum memory)`,
      "calls",
      exact(r.max.calls),
      "maximum memory / segment size",
      exact(ceiling),
    ),
  ];
}

async function workerRows(q) {
  const r = await threadRows({ tasks: q.threadTasks, spinN: q.threadSpinN, allocN: q.threadAllocN, collectLive: q.collectN, runs: q.runs, warmup: q.warmup });
  const load = "speed-up = 1 / ratio; the machine's other load shares its 2 cores";
  return [
    pairRow("workers.cpu", "workers", `CPU-bound plugin task, ${r.tasks} calls on 2 workers`, "ms", r.cpu, "the same calls on 1 worker", 1, load),
    pairRow(
      "workers.alloc",
      "workers",
      `allocation-heavy task (${r.allocN} objects a call), ${r.tasks} calls on 2 workers`,
      "ms",
      r.alloc,
      "the same calls on 1 worker",
      1,
      load,
    ),
    pairRow(
      "workers.caches",
      "workers",
      "the allocation-heavy calls on 2 workers, with per-worker block caches",
      "ms",
      r.caches.two,
      "the same runtime without them (every __new under the mutex)",
      1,
    ),
    pairRow(
      "workers.caches1",
      "workers",
      "the allocation-heavy calls on 1 worker, with per-worker block caches",
      "ms",
      r.caches.one,
      "the same runtime without them (every __new under the mutex)",
      1,
    ),
    pairRow(
      "workers.stw",
      "workers",
      `stop-the-world collection of ${r.collectLive} live objects while another worker allocates`,
      "ms",
      r.stw,
      "the same collection on 1 worker",
      1,
      "round trip from the main thread, as host.collect(0)",
    ),
    pairRow(
      "workers.lock",
      "workers",
      "allocating one object on the threaded runtime, 1 worker (mutex, safepoint)",
      "ns",
      r.lock,
      "today's runtime",
      1e6 / r.allocN,
    ),
    ...(await barrierWorkerRows(q, pairRow)),
  ];
}

/** Every row in the table's order, measured with the settings `q` (full or quick). */
export async function allRows(q, log = () => {}) {
  const rows = [];
  for (const [name, fn] of [
    ["sizes", sizeRows],
    ["call, start, memory, relocation", runnerRows],
    ["strings", stringRows],
    ["runtime", runtimeRows],
    ["builds", buildRows],
    ["virtual calls", dispatchRows],
    ["futures", futureRows],
    ["jspi", jspiRows],
    ["workers", workerRows],
  ]) {
    const t = performance.now();
    rows.push(...(await fn(q)));
    log(`${name}: ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
  return rows;
}
