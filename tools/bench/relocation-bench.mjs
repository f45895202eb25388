// Relocatable plugins (issue: "Relocatable plugins"): load time of a relocatable plugin into
// a running host vs instantiating the same source linked at a fixed address, and their sizes.
// Both measured in this run. Exported for bench.mjs; run alone: node tools/bench/relocation-bench.mjs
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { buildProject } from "@shared-rt/linker";
import { withCustomSection } from "@shared-rt/linker/testing";
import { SharedHost } from "@shared-rt/runner";
import { fileURLToPath } from "node:url";
import { table, tempDir } from "./bench-support.mjs";
import { settle, summarize } from "./sample.mjs";

const SOURCE = `
class Entry { constructor(public key: string, public values: Array<string>) {} }
const NAMES: Array<string> = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta"];
const WEIGHTS: StaticArray<f64> = [0.5, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5];
let entries = new Map<string, Entry>();
export function add(i: i32): i32 {
  const name = NAMES[i % NAMES.length];
  entries.set(name + i.toString(), new Entry(name, [name, "#" + i.toString()]));
  return entries.size;
}
export function weigh(i: i32): f64 { return WEIGHTS[i % WEIGHTS.length] * <f64>i; }
export function describe(i: i32): string {
  const key = NAMES[i % NAMES.length] + i.toString();
  return entries.has(key) ? entries.get(key).values.join(" ") : "none: " + key;
}
`;

/** Copies of the plugin per sample: the cost of one is the sample over the copies, 10× the signal of one. */
const COPIES = 10;

/** `bytes` as a module new to the engine (a fresh custom section): no sample is served from its code cache. */
const fresh = (bytes, tag) => withCustomSection(bytes, "bench.distinct", new TextEncoder().encode(tag));
const sha = (bytes) => `sha256-${createHash("sha256").update(bytes).digest("hex")}`;

/**
 * ms per plugin to load the plugin relocatable into a running host vs linked into a fresh one
 * (a host with `count` linked copies minus an empty host), measured in the same rounds, and the
 * bytes of both. Each round loads modules the engine has not compiled before, from an idle
 * engine (a JS collection and a pause first), and the three parts run in rotating order.
 */
export async function relocation(optimizeLevel, { runs = 15, warmup = 3, copies: count = COPIES } = {}) {
  const copies = Array.from({ length: count }, (_, i) => `linked${i}`);
  const tmp = await tempDir({
    // One copy per plugin: a class in a plugin's own files is private to it.
    ...Object.fromEntries(copies.map((n) => [`${n}/plugin.ts`, SOURCE])),
    "reloc/plugin.ts": SOURCE,
    "shared-rt.json": JSON.stringify({
      plugins: {
        ...Object.fromEntries(copies.map((n) => [n, { entry: `${n}/plugin.ts` }])),
        reloc: { entry: "reloc/plugin.ts", relocatable: true },
      },
      optimizeLevel,
    }),
  });
  const { manifestPath, manifest } = await buildProject(path.join(tmp.dir, "shared-rt.json"));
  const dir = path.dirname(manifestPath);
  const files = new Map();
  for (const f of ["runtime.wasm", "reloc.wasm", ...copies.map((n) => `${n}.wasm`)]) files.set(f, new Uint8Array(await readFile(path.join(dir, f))));
  let round = 0;
  /** A manifest of `names` over fresh bytes, hashed outside the timed part. */
  const freshHost = (names) => {
    const tag = `round ${round++}`;
    const bytes = new Map([...files].map(([f, b]) => [f, fresh(b, tag)]));
    const m = { ...manifest, runtime: { ...manifest.runtime, hash: sha(bytes.get("runtime.wasm")) } };
    m.plugins = manifest.plugins.filter((p) => names.includes(p.name)).map((p) => ({ ...p, hash: sha(bytes.get(p.file)) }));
    return () => SharedHost.load(m, { readFile: async (f) => bytes.get(f) });
  };
  const host = await SharedHost.load({ ...manifest, plugins: [] }, { readFile: async (f) => files.get(f) });
  const relocated = () => {
    const tag = `round ${round++}`;
    const modules = copies.map((n) => fresh(files.get("reloc.wasm"), `${tag} ${n}`));
    return async () => {
      for (let i = 0; i < count; ++i) await host.load(`r${i}`, modules[i]);
    };
  };

  const parts = { linked: [], empty: [], reloc: [] };
  const ratios = [];
  for (let r = 0; r < warmup + runs; ++r) {
    const jobs = { linked: freshHost(copies), empty: freshHost([]), reloc: relocated() };
    const order = ["linked", "empty", "reloc"];
    for (let k = 0; k < r % 3; ++k) order.push(order.shift());
    const ms = {};
    for (const part of order) ms[part] = await idleTimed(jobs[part]);
    for (let i = 0; i < count; ++i) host.unload(`r${i}`);
    if (r < warmup) continue;
    const linkedEach = Math.max(ms.linked - ms.empty, 0.001) / count;
    parts.linked.push(linkedEach);
    parts.empty.push(ms.empty);
    parts.reloc.push(ms.reloc / count);
    ratios.push(ms.reloc / count / linkedEach);
  }
  // Sanity: both work, and agree.
  const check = await SharedHost.load({ ...manifest, plugins: manifest.plugins.filter((p) => p.name === "linked0") }, { readFile: async (f) => files.get(f) });
  check.call("linked0", "add", 3);
  await host.load("r", files.get("reloc.wasm"));
  host.call("r", "add", 3);
  if (host.call("r", "describe", 3) !== check.call("linked0", "describe", 3)) throw new Error("relocatable and linked disagree");

  const relocModule = new WebAssembly.Module(files.get("reloc.wasm"));
  const sections = ["shared-rt.layout", "shared-rt.statics"].map((n) => WebAssembly.Module.customSections(relocModule, n)[0]?.byteLength ?? 0);
  await tmp.remove();
  return {
    optimizeLevel,
    copies: count,
    linked: summarize(parts.linked),
    empty: summarize(parts.empty),
    reloc: summarize(parts.reloc),
    ratio: summarize(ratios),
    bytes: { linked: files.get("linked0.wasm").length, reloc: files.get("reloc.wasm").length, sections: sections[0] + sections[1] },
  };
}

/** ms of `fn` started from an idle engine (as runner-bench's start-up samples). */
async function idleTimed(fn) {
  settle();
  await new Promise((resolve) => setTimeout(resolve, 20));
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const rows = [];
  for (const level of [0, 3]) {
    const r = await relocation(level);
    const ratio = `${r.ratio.median.toFixed(2)} [${r.ratio.min.toFixed(2)}–${r.ratio.max.toFixed(2)}]`;
    rows.push([`-O${level}`, `${r.linked.median.toFixed(3)} ms`, `${r.reloc.median.toFixed(3)} ms`, ratio, r.bytes.linked, r.bytes.reloc, r.bytes.sections]);
  }
  table(
    "Relocatable vs linked plugin, ms per plugin (same source; load = compile + instantiate + register + place statics + start; median)",
    ["build", "load linked", "load relocatable", "ratio", "linked bytes", "relocatable bytes", "of which layout+statics"],
    rows,
  );
}
