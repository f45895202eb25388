// Benchmarks for the runner (issue: "The runner"). Every ratio compares two variants measured
// side by side in this run. Run: npm run bench:runner -w @shared-rt/bench [call|string|start]
import { createHash } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { buildProject } from "@shared-rt/linker";
import { SharedHost } from "@shared-rt/runner";
import { loadManifestFile } from "@shared-rt/runner/node";
import { runAsc } from "@shared-rt/runtime/asc";
import { abortImport, standalone, table, tempDir, time } from "./bench-support.mjs";

async function sharedProject(files, plugins, extra = {}) {
  const tmp = await tempDir({ ...files, "shared-rt.json": JSON.stringify({ plugins, collector: "incremental", optimizeLevel: 3, ...extra }) });
  const result = await buildProject(path.join(tmp.dir, "shared-rt.json"));
  const host = await loadManifestFile(result.manifestPath);
  return { tmp, result, host };
}

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

async function crossPluginCall() {
  const N = 1_000_000;
  const two = await sharedProject(
    { "callee.ts": TAKE, "caller.ts": `@external("callee", "take") declare function take(s: string, i: i32): i32;\n${LOOP}` },
    { callee: { entry: "callee.ts" }, caller: { entry: "caller.ts" } },
  );
  const one = await sharedProject({ "single.ts": `${TAKE}\n${LOOP}` }, { single: { entry: "single.ts" } });
  const across = two.host.plugin("caller").instance.exports.loop;
  const inside = one.host.plugin("single").instance.exports.loop;
  if (across(1000) !== inside(1000)) throw new Error("the two variants disagree");
  const acrossMs = time(() => across(N));
  const insideMs = time(() => inside(N));
  table(
    `Calls with a string argument, ${N} per run (median of 15): plugin -> plugin vs within one plugin`,
    ["variant", "per run", "per call", "ratio"],
    [
      ["inside one module", fmt(insideMs), fmt(insideMs / N), "1.00"],
      ["across two plugins (shared runtime)", fmt(acrossMs), fmt(acrossMs / N), (acrossMs / insideMs).toFixed(2)],
    ],
  );
  await two.tmp.remove();
  await one.tmp.remove();
}

// ── 2. a 64 KiB string from one module to another: by address vs copied through JS ───────────

const CONSUMER = `export function consume(s: string): i32 { return s.charCodeAt(s.length - 1) + s.length; }`;
const PRODUCER = `let kept = "";
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

async function stringPassing() {
  const CHARS = 32 * 1024; // UTF-16: 64 KiB
  const OPS = 2000;
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
  const handle = host.callOwned("producer", "produce");

  const tmp = await tempDir({});
  const producer = await withEsmBindings(tmp.dir, "producer", PRODUCER);
  const consumer = await withEsmBindings(tmp.dir, "consumer", CONSUMER);
  producer.make(CHARS);

  const expected = 0x7a + CHARS;
  if (send() !== expected || host.call("consumer", "consume", handle) !== expected || consumer.consume(producer.produce()) !== expected) {
    throw new Error("the variants disagree");
  }
  const inWasm = time(() => {
    for (let i = 0; i < OPS; ++i) send();
  });
  const viaRunner = time(() => {
    for (let i = 0; i < OPS; ++i) host.call("consumer", "consume", handle);
  });
  const viaGlue = time(() => {
    for (let i = 0; i < OPS; ++i) consumer.consume(producer.produce());
  });
  handle.dispose();
  table(
    `Passing a 64 KiB string from one module to another, ${OPS} times per run (median of 15)`,
    ["variant", "per pass", "time ratio", "speed-up"],
    [
      ["copied through JS (asc --bindings esm glue, two standalone modules)", fmt(viaGlue / OPS), "1", "1×"],
      [
        "shared: host.call with an owned handle (by address)",
        fmt(viaRunner / OPS),
        (viaRunner / viaGlue).toPrecision(2),
        `${Math.round(viaGlue / viaRunner)}×`,
      ],
      ["shared: plugin calls plugin (by address)", fmt(inWasm / OPS), (inWasm / viaGlue).toPrecision(2), `${Math.round(viaGlue / inWasm)}×`],
    ],
  );
  await shared.tmp.remove();
  await tmp.remove();
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
  const name = new TextEncoder().encode("bench.distinct");
  const payload = new TextEncoder().encode(tag);
  const body = [...leb(name.length), ...name, ...payload];
  const out = new Uint8Array(bytes.length + 1 + leb(body.length).length + body.length);
  out.set(bytes);
  out.set([0, ...leb(body.length), ...body], bytes.length);
  return out;
}

function leb(n) {
  const out = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n) byte |= 0x80;
    out.push(byte);
  } while (n);
  return out;
}

const sha = (bytes) => `sha256-${createHash("sha256").update(bytes).digest("hex")}`;

async function startAndMemory() {
  const COUNT = 100;
  const RUNS = 7;
  const names = Array.from({ length: COUNT }, (_, i) => `p${String(i).padStart(3, "0")}`);
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
  const startShared = async ({ m, bytes }) => SharedHost.load(m, { readFile: async (file) => bytes.get(file) });
  const startStandalone = async (modules) => {
    const instances = [];
    for (const bytes of modules) instances.push((await WebAssembly.instantiate(bytes, { env: abortImport })).instance);
    return instances;
  };

  const sharedMs = [];
  const standaloneMs = [];
  let lastShared;
  let lastStandalone;
  for (let r = 0; r < RUNS + 1; ++r) {
    // Inputs are prepared outside the timed part: hashing the files is part of loading a
    // shared project (it checks them against the manifest), copying them is not.
    const a = freshShared();
    let t = performance.now();
    lastShared = await startShared(a);
    const s = performance.now() - t;
    const b = freshStandalone();
    t = performance.now();
    lastStandalone = await startStandalone(b);
    const o = performance.now() - t;
    if (r > 0) {
      sharedMs.push(s);
      standaloneMs.push(o);
    }
  }
  const median = (xs) => [...xs].sort((x, y) => x - y)[xs.length >> 1];
  const shared = median(sharedMs);
  const own = median(standaloneMs);
  table(
    `Starting ${COUNT} small plugins: bytes in memory -> compiled, instantiated, started (median of ${RUNS}, never-seen modules each run)`,
    ["variant", "time", "per module", "ratio"],
    [
      [`${COUNT} standalone modules (runtime embedded)`, fmt(own), fmt(own / COUNT), "1.00"],
      [`${COUNT} plugins + 1 shared runtime (hash check, register, start)`, fmt(shared), fmt(shared / COUNT), (shared / own).toFixed(2)],
    ],
  );

  // Memory: each plugin has done its work once (allocated a few objects).
  for (const n of names) lastShared.call(n, "greet", 3);
  for (const instance of lastStandalone) instance.exports.greet(3);
  const sharedBytes = lastShared.memory.buffer.byteLength;
  const standaloneBytes = lastStandalone.reduce((sum, i) => sum + i.exports.memory.buffer.byteLength, 0);
  const sharedCode = [...sharedFiles.values()].reduce((sum, b) => sum + b.length, 0);
  const mib = (n) => `${(n / (1 << 20)).toFixed(2)} MiB`;
  const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
  table(
    `Committed memory of ${COUNT} small plugins after one call each (linear memory; module bytes for reference)`,
    ["variant", "linear memory", "module bytes", "memory ratio", "bytes ratio"],
    [
      [`${COUNT} standalone modules`, mib(standaloneBytes), kib(standaloneWasm.length * COUNT), "1.00", "1.00"],
      [
        `${COUNT} plugins, one shared memory`,
        mib(sharedBytes),
        kib(sharedCode),
        (sharedBytes / standaloneBytes).toFixed(3),
        (sharedCode / (standaloneWasm.length * COUNT)).toFixed(3),
      ],
    ],
  );
  await tmp.remove();
}

const only = process.argv[2];
if (!only || only === "call") await crossPluginCall();
if (!only || only === "string") await stringPassing();
if (!only || only === "start") await startAndMemory();
