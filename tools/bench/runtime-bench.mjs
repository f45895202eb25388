import path from "node:path";
import { buildProject } from "@shared-rt/linker";
import { loadManifestFile } from "@shared-rt/runner/node";
import { abortImport, standalone, table, tempDir, time } from "./bench-support.mjs";

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

async function sharedProject(files, plugins, collector) {
  const tmp = await tempDir({ ...files, "shared-rt.json": JSON.stringify({ plugins, collector, optimizeLevel: 3 }) });
  const result = await buildProject(path.join(tmp.dir, "shared-rt.json"));
  const host = await loadManifestFile(result.manifestPath);
  return { tmp, result, host };
}

async function instantiateStandalone(wasm) {
  const { instance } = await WebAssembly.instantiate(wasm, { env: abortImport });
  return instance.exports;
}

async function allocationThroughput() {
  const rows = [];
  const N = 100_000;
  for (const collector of ["incremental", "minimal"]) {
    const shared = await sharedProject({ "alloc.ts": ALLOC }, { alloc: { entry: "alloc.ts" } }, collector);
    const plugin = shared.host.plugin("alloc").instance.exports;
    const sharedMs = time(() => {
      plugin.allocate(N);
      if (collector === "minimal") shared.host.collect();
    });
    const tmp = await tempDir({ "alloc.ts": ALLOC });
    const own = await instantiateStandalone(await standalone(tmp.dir, "alloc.ts", collector, ["--exportRuntime"]));
    const ownMs = time(() => {
      own.allocate(N);
      if (collector === "minimal") own.__collect();
    });
    rows.push([collector, `${ownMs.toFixed(2)} ms`, `${sharedMs.toFixed(2)} ms`, (sharedMs / ownMs).toFixed(2)]);
    await shared.tmp.remove();
    await tmp.remove();
  }
  table(
    `Allocation throughput: ${N} iterations allocating 3 objects each (median of 15)`,
    ["collector", "runtime embedded", "shared runtime", "shared / embedded"],
    rows,
  );
}

async function collectionWithManyPlugins() {
  const N = 100_000;
  const rows = [];
  for (const collector of ["incremental", "minimal"]) {
    const plugins100 = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`p${String(i).padStart(3, "0")}`, { entry: "holder.ts" }]));
    const many = await sharedProject({ "holder.ts": HOLDER }, plugins100, collector);
    for (const name of many.host.pluginNames) many.host.call(name, "fill", N / 100);
    const one = await sharedProject({ "holder.ts": HOLDER }, { p000: { entry: "holder.ts" } }, collector);
    one.host.call("p000", "fill", N);
    const oneMs = time(() => one.host.collect(), { runs: 9, warmup: 2 });
    const manyMs = time(() => many.host.collect(), { runs: 9, warmup: 2 });
    rows.push([collector, `${one.host.heapLive}`, `${many.host.heapLive}`, `${oneMs.toFixed(2)} ms`, `${manyMs.toFixed(2)} ms`, (manyMs / oneMs).toFixed(2)]);
    await many.tmp.remove();
    await one.tmp.remove();
  }
  table(
    `Full collection, ${N} live objects (+ their strings) held by 1 plugin vs spread over 100 plugins (median of 9)`,
    ["collector", "live bytes (1)", "live bytes (100)", "1 plugin", "100 plugins", "100 / 1"],
    rows,
  );
}

/** Realistic plugins, besides the small one (issue 13's size goal names these three). */
const REALISTIC = {
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

async function sizes() {
  const rows = [];
  const sources = { small: SMALL, ...REALISTIC };
  for (const [name, source] of Object.entries(sources)) {
    const file = `${name}.ts`;
    const tmp = await tempDir({ [file]: source });
    const stub = (await standalone(tmp.dir, file, "stub")).length;
    for (const collector of ["incremental", "minimal"]) {
      const shared = await sharedProject({ [file]: source }, { [name]: { entry: file } }, collector);
      const { readFile } = await import("node:fs/promises");
      const wasm = await readFile(path.join(shared.result.project.outDir, `${name}.wasm`));
      const runtime = await readFile(path.join(shared.result.project.outDir, "runtime.wasm"));
      const embedded = (await standalone(tmp.dir, file, collector)).length;
      rows.push([name, collector, embedded, stub, wasm.length, (wasm.length / embedded).toFixed(2), (wasm.length / stub).toFixed(2), runtime.length]);
      await shared.tmp.remove();
    }
    await tmp.remove();
  }
  table(
    "Plugin size in bytes, -O3 (linked plugins ship without their layout section)",
    ["plugin", "collector", "embedded runtime", "stub runtime (floor)", "shared plugin", "vs embedded", "vs stub", "shared runtime module"],
    rows,
  );
}

const only = process.argv[2];
if (!only || only === "sizes") await sizes();
if (!only || only === "alloc") await allocationThroughput();
if (!only || only === "collect") await collectionWithManyPlugins();
