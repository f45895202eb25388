// Runtime measures: plugin sizes vs AssemblyScript's own runtimes, allocation throughput vs the
// embedded runtime, a full collection over 100 plugins vs 1. Exported for bench.mjs (the one
// table); run alone: node tools/bench/runtime-bench.mjs [sizes|alloc|collect]
import path from "node:path";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { loadManifestFile } from "@shared-rt/runner/node";
import { abortImport, sharedProject, standalone, table, tempDir } from "./bench-support.mjs";
import { pair } from "./sample.mjs";

const ALLOC = `
class Pair { constructor(public a: i32, public b: string) {} }
let keep: Array<Pair> = [];
export function allocate(n: i32): i32 {
  let sum = 0;
  for (let i = 0; i < n; ++i) {
    const p = new Pair(i, "x");
    const arr = new Array<i32>(4);
    arr[1] = p.a;
    sum += arr[1] + p.b.length;
    if ((i & 1023) == 0) keep.push(p);
  }
  if (keep.length > 4096) keep = [];
  return sum;
}
`;

const HOLDER = `
class Item { constructor(public id: i32, public name: string) {} }
let items: Array<Item> = [];
export function fill(n: i32): void {
  for (let i = 0; i < n; ++i) items.push(new Item(i, "item" + i.toString()));
}
`;

const SMALL = `
class Greeting { constructor(public who: string, public times: i32) {} }
let last: Greeting | null = null;
export function greet(who: string, times: i32): string {
  const g = new Greeting(who, times);
  last = g;
  let out = "";
  for (let i = 0; i < g.times; ++i) out += "hello, " + g.who + "! ";
  return out;
}
`;

/** A fresh host per sample: no collector state carries over from one sample to the next. */
const freshShared = (manifestPath) => loadManifestFile(manifestPath);

/**
 * Allocation throughput of `n` iterations (3 objects each) in a plugin vs the same source with
 * the runtime embedded. Every sample gets fresh instances (the compiled code is reused, so JIT
 * tiers carry over but heap state does not), is warmed by one untimed call, and A/B alternate.
 */
export async function allocation(collector, { n = 100_000, runs = 15, warmup = 3 } = {}) {
  const shared = await sharedProject({ "alloc.ts": ALLOC }, { alloc: { entry: "alloc.ts" } }, { collector });
  const tmp = await tempDir({ "alloc.ts": ALLOC });
  const module = new WebAssembly.Module(await standalone(tmp.dir, "alloc.ts", collector, ["--exportRuntime"]));
  const work = (exports, collect) => {
    exports.allocate(n);
    if (collector === "minimal") collect();
  };
  const result = await pair(
    (host) => work(host.plugin("alloc").instance.exports, () => host.collect()),
    (own) => work(own, () => own.__collect()),
    {
      runs,
      warmup,
      setupA: async () => {
        const host = await freshShared(shared.result.manifestPath);
        work(host.plugin("alloc").instance.exports, () => host.collect());
        return host;
      },
      setupB: async () => {
        const own = new WebAssembly.Instance(module, { env: abortImport }).exports;
        work(own, () => own.__collect());
        return own;
      },
    },
  );
  await shared.tmp.remove();
  await tmp.remove();
  return { n, ...result };
}

/** A full collection with `n` live objects held by 1 plugin vs spread over `count` plugins. */
export async function collection(collector, { count = 100, n = 100_000, runs = 9, warmup = 2 } = {}) {
  const names = Array.from({ length: count }, (_, i) => `p${String(i).padStart(3, "0")}`);
  // One copy per plugin: a class in a plugin's own files is private to it.
  const files = Object.fromEntries(names.map((p) => [`${p}/holder.ts`, HOLDER]));
  const many = await sharedProject(files, Object.fromEntries(names.map((p) => [p, { entry: `${p}/holder.ts` }])), { collector });
  for (const name of many.host.pluginNames) many.host.call(name, "fill", Math.floor(n / count));
  const one = await sharedProject({ "holder.ts": HOLDER }, { p000: { entry: "holder.ts" } }, { collector });
  one.host.call("p000", "fill", n);
  const result = await pair(
    () => many.host.collect(),
    () => one.host.collect(),
    { runs, warmup },
  );
  const live = { many: many.host.heapLive, one: one.host.heapLive };
  await many.tmp.remove();
  await one.tmp.remove();
  return { count, n, live, ...result };
}

/** Realistic plugins, besides the small one (issue 13's size goal names these three). */
export const REALISTIC = {
  tokenizer: `
export function tokenize(text: string): string[] {
  const words = text.toLowerCase().split(" ");
  const out: string[] = [];
  for (let i = 0; i < words.length; ++i) if (words[i].length) out.push(words[i]);
  return out;
}
`,
  counter: `
export function count(text: string): Map<string, i32> {
  const counts = new Map<string, i32>();
  const words = text.split(" ");
  for (let i = 0; i < words.length; ++i) {
    const w = words[i];
    counts.set(w, counts.has(w) ? counts.get(w) + 1 : 1);
  }
  return counts;
}
`,
  formatter: `
export function format(name: string, amount: f64, items: i32): string {
  return name.padEnd(12, ".") + " " + items.toString().padStart(4) + " items, " + amount.toString() + " EUR";
}
`,
};

/** Bytes of each plugin: shared (per collector), embedded runtime (per collector), stub runtime. */
export async function sizes() {
  const out = [];
  for (const [name, source] of Object.entries({ small: SMALL, ...REALISTIC })) {
    const file = `${name}.ts`;
    const tmp = await tempDir({ [file]: source });
    const stub = (await standalone(tmp.dir, file, "stub")).length;
    for (const collector of ["incremental", "minimal"]) {
      const shared = await sharedProject({ [file]: source }, { [name]: { entry: file } }, { collector }, { load: false });
      const wasm = await readFile(path.join(shared.result.project.outDir, `${name}.wasm`));
      const runtime = await readFile(path.join(shared.result.project.outDir, "runtime.wasm"));
      const embedded = (await standalone(tmp.dir, file, collector)).length;
      out.push({ name, collector, embedded, stub, shared: wasm.length, runtime: runtime.length });
      await shared.tmp.remove();
    }
    await tmp.remove();
  }
  return out;
}

async function main(only) {
  const f2 = (x) => x.toFixed(2);
  if (!only || only === "sizes") {
    const rows = (await sizes()).map((s) => [s.name, s.collector, s.embedded, s.stub, s.shared, f2(s.shared / s.embedded), f2(s.shared / s.stub), s.runtime]);
    table(
      "Plugin size in bytes, -O3",
      ["plugin", "collector", "embedded runtime", "stub runtime (floor)", "shared plugin", "vs embedded", "vs stub", "shared runtime module"],
      rows,
    );
  }
  for (const [what, fn, title] of [
    ["alloc", allocation, "Allocation throughput, shared / embedded (per-round ratio, median [min–max])"],
    ["collect", collection, "Full collection, 100 plugins / 1 plugin, same live set (per-round ratio, median [min–max])"],
  ]) {
    if (only && only !== what) continue;
    const rows = [];
    for (const collector of ["incremental", "minimal"]) {
      const r = await fn(collector);
      rows.push([collector, `${f2(r.a.median)} ms`, `${f2(r.b.median)} ms`, `${f2(r.ratio.median)} [${f2(r.ratio.min)}–${f2(r.ratio.max)}]`]);
    }
    table(title, ["collector", "subject", "baseline", "ratio"], rows);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main(process.argv[2]);
