// Runner measures: a cross-plugin call, passing a 64 KiB string, starting 100 plugins and the
// memory they commit, each against its standalone baseline in the same run. Exported for
// bench.mjs (the one table); run alone: node tools/bench/runner-bench.mjs [call|string|start]
import { createHash } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { buildProject } from "@shared-rt/linker";
import { withCustomSection } from "@shared-rt/linker/testing";
import { SharedHost } from "@shared-rt/runner";
import { runAsc } from "@shared-rt/runtime/asc";
import { abortImport, sharedProject, standalone, table, tempDir } from "./bench-support.mjs";
import { pair, settle, summarize } from "./sample.mjs";

const fmt = (ms) => (ms >= 1 ? `${ms.toFixed(2)} ms` : ms >= 0.001 ? `${(ms * 1000).toFixed(2)} µs` : `${(ms * 1e6).toFixed(1)} ns`);

// ── 1. a call with a string argument: across plugins vs inside one module ─────────────────────

// `take` has a loop, so binaryen does not inline it (checked in the -O3 text): both variants
// make a real call per iteration, and differ only in whether it crosses a module boundary.
const TAKE = `export function take(s: string, i: i32): i32 {
  let h = i;
  for (let k = 0; k < 4; ++k) h = h * 31 + s.charCodeAt((i + k) % s.length);
  return h;
}`;
const LOOP = `let text = "a shared string";
export function loop(n: i32): i32 {
  let acc = 0;
  for (let i = 0; i < n; ++i) acc += take(text, i);
  return acc;
}`;

/** `n` calls with a string argument across two plugins vs inside one module (ms per run). */
export async function crossPluginCall({ n = 1_000_000, runs = 15, warmup = 3 } = {}) {
  const two = await sharedProject(
    { "callee.ts": TAKE, "caller.ts": `@external("callee", "take") declare function take(s: string, i: i32): i32;\n${LOOP}` },
    { callee: { entry: "callee.ts" }, caller: { entry: "caller.ts" } },
  );
  const one = await sharedProject({ "single.ts": `${TAKE}\n${LOOP}` }, { single: { entry: "single.ts" } });
  const across = two.host.plugin("caller").instance.exports.loop;
  const inside = one.host.plugin("single").instance.exports.loop;
  if (across(1000) !== inside(1000)) throw new Error("the two variants disagree");
  const result = await pair(
    () => across(n),
    () => inside(n),
    { runs, warmup },
  );
  await two.tmp.remove();
  await one.tmp.remove();
  return { n, ...result };
}

// ── 2. a 64 KiB string from one module to another: by address vs copied through JS ───────────

export const CONSUMER = `export function consume(s: string): i32 { return s.charCodeAt(s.length - 1) + s.length; }
export function echo(s: string): string { return s; }`;
export const PRODUCER = `let kept = "";
export function make(n: i32): void { kept = "a".repeat(n - 1) + "z"; }
export function produce(): string { return kept; }`;

/** Compiles `source` as an ordinary module with its own runtime and asc's ESM bindings; imports them. */
async function withEsmBindings(dir, name, source) {
  await writeFile(path.join(dir, `${name}.ts`), source);
  const run = await runAsc([`${name}.ts`, "--baseDir", dir, "--runtime", "incremental", "-O3", "--noColors", "--bindings", "esm", "-o", `${name}.wasm`]);
  if (run.error) throw new Error(run.stderr || run.error.message);
  for (const file of [`${name}.wasm`, `${name}.js`]) await writeFile(path.join(dir, file), run.outputs.get(file));
  return import(pathToFileURL(path.join(dir, `${name}.js`)).href);
}

/**
 * A 64 KiB string, `ops` times per sample: plugin → plugin by address, and JS → plugin → JS
 * (converted by the runner), each vs two standalone modules with `asc --bindings esm` glue
 * copying it through JS.
 */
export async function stringPassing({ ops = 2000, runs = 15, warmup = 3 } = {}) {
  const CHARS = 32 * 1024; // UTF-16: 64 KiB
  const shared = await sharedProject(
    {
      "consumer.ts": CONSUMER,
      "producer.ts": `@external("consumer", "consume") declare function consume(s: string): i32;\n${PRODUCER}\nexport function send(): i32 { return consume(kept); }`,
    },
    { consumer: { entry: "consumer.ts" }, producer: { entry: "producer.ts" } },
  );
  const { host } = shared;
  host.call("producer", "make", CHARS);
  const send = host.plugin("producer").instance.exports.send;
  const tmp = await tempDir({});
  const producer = await withEsmBindings(tmp.dir, "producer", PRODUCER);
  const consumer = await withEsmBindings(tmp.dir, "consumer", CONSUMER);
  producer.make(CHARS);
  const text = `${"a".repeat(CHARS - 1)}z`;
  const expected = 0x7a + CHARS;
  if (send() !== expected || consumer.consume(producer.produce()) !== expected) throw new Error("the variants disagree");
  if (host.call("consumer", "echo", text) !== text || consumer.echo(text) !== text) throw new Error("echo disagrees");
  const repeat = (fn) => () => {
    for (let i = 0; i < ops; ++i) fn();
  };
  const pluginToPlugin = await pair(
    repeat(send),
    repeat(() => consumer.consume(producer.produce())),
    { runs, warmup },
  );
  const roundTrip = await pair(
    repeat(() => host.call("consumer", "echo", text)),
    repeat(() => consumer.echo(text)),
    { runs, warmup },
  );
  await shared.tmp.remove();
  await tmp.remove();
  return { ops, bytes: CHARS * 2, pluginToPlugin, roundTrip };
}

// ── 3 + 4. starting 100 plugins vs 100 standalone modules, and the memory they commit ────────

const small = (tag) => `class Greeting { constructor(public who: string, public times: i32) {} }
let last: Greeting | null = null;
export function greet(times: i32): i32 {
  const g = new Greeting("${tag}", times);
  last = g;
  let out = "";
  for (let i = 0; i < g.times; ++i) out += "hello, " + g.who + "! ";
  return out.length;
}`;

/** `bytes` with a custom section appended: the same module, but new to the engine's code cache. */
function distinct(bytes, tag) {
  return withCustomSection(bytes, "bench.distinct", new TextEncoder().encode(tag));
}

/** The pause before each start-up sample (see `timed` in startAndMemory). */
const IDLE_MS = 50;

const sha = (bytes) => `sha256-${createHash("sha256").update(bytes).digest("hex")}`;

/**
 * The start-up inputs: `count` small plugins built as one project and as one standalone module,
 * and makers of fresh inputs for one start of each (modules new to the engine's code cache).
 */
export async function startInputs(count) {
  const names = Array.from({ length: count }, (_, i) => `p${String(i).padStart(3, "0")}`);
  const files = Object.fromEntries(names.map((n) => [`${n}.ts`, small(n)]));
  const tmp = await tempDir({
    ...files,
    "shared-rt.json": JSON.stringify({ plugins: Object.fromEntries(names.map((n) => [n, { entry: `${n}.ts` }])), optimizeLevel: 3 }),
  });
  const { manifest, manifestPath } = await buildProject(path.join(tmp.dir, "shared-rt.json"));
  const dir = path.dirname(manifestPath);
  const sharedFiles = new Map();
  for (const file of [manifest.runtime.file, ...manifest.plugins.map((p) => p.file)])
    sharedFiles.set(file, new Uint8Array(await readFile(path.join(dir, file))));
  const standaloneWasm = new Uint8Array(await standalone(tmp.dir, `${names[0]}.ts`, "incremental"));

  // Every run starts modules the engine has not compiled before (a fresh custom section each),
  // so neither variant is served from V8's cache of compiled modules.
  let run = 0;
  const freshShared = () => {
    const tag = `run ${run++}`;
    const bytes = new Map([...sharedFiles].map(([file, b]) => [file, distinct(b, tag)]));
    const m = structuredClone(manifest);
    m.runtime.hash = sha(bytes.get(m.runtime.file));
    for (const p of m.plugins) p.hash = sha(bytes.get(p.file));
    return { m, bytes };
  };
  const freshStandalone = () => {
    const tag = `run ${run++}`;
    return names.map((n) => distinct(standaloneWasm, `${tag} ${n}`));
  };
  return { names, tmp, sharedFiles, standaloneWasm, freshShared, freshStandalone };
}

/** Starting `count` small plugins vs `count` standalone modules (ms), and the memory they commit. */
export async function startAndMemory({ count: COUNT = 100, runs: RUNS = 21, warmup: WARMUP = 3 } = {}) {
  const { names, tmp, sharedFiles, standaloneWasm, freshShared, freshStandalone } = await startInputs(COUNT);
  const startShared = async ({ m, bytes }) => SharedHost.load(m, { readFile: async (file) => bytes.get(file) });
  const startStandalone = async (modules) => {
    const instances = [];
    for (const bytes of modules) instances.push((await WebAssembly.instantiate(bytes, { env: abortImport })).instance);
    return instances;
  };

  const sharedMs = [];
  const standaloneMs = [];
  const ratios = [];
  let lastShared;
  let lastStandalone;
  const timed = async (start, input) => {
    // Each side starts from an idle engine, as an app starts: a JS collection, then a pause in
    // which the engine's background threads finish the previous sample's work (compiles,
    // sweeping). Without it, whichever side runs second pays for the first (measured: the
    // second of the pair took ~15 ms more out of ~30).
    settle();
    await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
    const t = performance.now();
    const result = await start(input);
    return { result, ms: performance.now() - t };
  };
  for (let r = 0; r < WARMUP + RUNS; ++r) {
    // Inputs are prepared outside the timed part: hashing the files is part of loading a
    // shared project (it checks them against the manifest), copying them is not. The order
    // alternates, so neither side always runs right after the other's garbage.
    const a = freshShared();
    const b = freshStandalone();
    let shared;
    let alone;
    if (r & 1) {
      alone = await timed(startStandalone, b);
      shared = await timed(startShared, a);
    } else {
      shared = await timed(startShared, a);
      alone = await timed(startStandalone, b);
    }
    lastShared = shared.result;
    lastStandalone = alone.result;
    if (r >= WARMUP) {
      sharedMs.push(shared.ms);
      standaloneMs.push(alone.ms);
      ratios.push(shared.ms / alone.ms);
    }
  }
  // Memory: each plugin has done its work once (allocated a few objects).
  for (const n of names) lastShared.call(n, "greet", 3);
  for (const instance of lastStandalone) instance.exports.greet(3);
  const memory = {
    shared: lastShared.memory.buffer.byteLength,
    standalone: lastStandalone.reduce((sum, i) => sum + i.exports.memory.buffer.byteLength, 0),
    sharedCode: [...sharedFiles.values()].reduce((sum, b) => sum + b.length, 0),
    standaloneCode: standaloneWasm.length * COUNT,
  };
  await tmp.remove();
  return { count: COUNT, start: { a: summarize(sharedMs), b: summarize(standaloneMs), ratio: summarize(ratios) }, memory };
}

async function main(only) {
  const f = (r) => `${r.ratio.median.toFixed(2)} [${r.ratio.min.toFixed(2)}–${r.ratio.max.toFixed(2)}]`;
  const header = ["measure", "subject", "baseline", "ratio (median [min–max])"];
  const rows = [];
  if (!only || only === "call") {
    const r = await crossPluginCall();
    rows.push(["call with a string arg: across plugins / one module", fmt(r.a.median), fmt(r.b.median), f(r)]);
  }
  if (!only || only === "string") {
    const r = await stringPassing();
    rows.push(["64 KiB string plugin→plugin / esm glue", fmt(r.pluginToPlugin.a.median / r.ops), fmt(r.pluginToPlugin.b.median / r.ops), f(r.pluginToPlugin)]);
    rows.push(["64 KiB string JS→plugin→JS / esm glue", fmt(r.roundTrip.a.median / r.ops), fmt(r.roundTrip.b.median / r.ops), f(r.roundTrip)]);
  }
  if (!only || only === "start") {
    const r = await startAndMemory();
    rows.push([`starting ${r.count} plugins / standalone`, fmt(r.start.a.median), fmt(r.start.b.median), f(r.start)]);
    rows.push([
      `memory of ${r.count} plugins / standalone`,
      `${r.memory.shared} B`,
      `${r.memory.standalone} B`,
      (r.memory.shared / r.memory.standalone).toFixed(3),
    ]);
  }
  table("Runner measures, each against its baseline in this run", header, rows);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main(process.argv[2]);
