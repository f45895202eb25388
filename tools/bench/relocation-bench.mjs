// Relocatable plugins (issue: "Relocatable plugins"): load time of a relocatable plugin into
// a running host vs instantiating the same source linked at a fixed address, and their sizes.
// Both measured in this run. Exported for bench.mjs; run alone: node tools/bench/relocation-bench.mjs
import { readFile } from "node:fs/promises";
import path from "node:path";
import { buildProject } from "@shared-rt/linker";
import { SharedHost } from "@shared-rt/runner";
import { fileURLToPath } from "node:url";
import { table, tempDir } from "./bench-support.mjs";
import { summarize } from "./sample.mjs";

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

/**
 * ms to load the plugin relocatable into a running host (+ unload) vs linked (a host with it
 * minus an empty host, both fresh), and the bytes of both.
 */
export async function relocation(optimizeLevel, { runs = 15, warmup = 3 } = {}) {
  const tmp = await tempDir({
    // One copy per plugin: a class in a plugin's own files is private to it.
    "linked/plugin.ts": SOURCE,
    "reloc/plugin.ts": SOURCE,
    "shared-rt.json": JSON.stringify({
      plugins: { linked: { entry: "linked/plugin.ts" }, reloc: { entry: "reloc/plugin.ts", relocatable: true } },
      optimizeLevel,
    }),
  });
  const { manifestPath, manifest } = await buildProject(path.join(tmp.dir, "shared-rt.json"));
  const dir = path.dirname(manifestPath);
  const files = new Map();
  for (const f of ["runtime.wasm", "linked.wasm", "reloc.wasm"]) files.set(f, new Uint8Array(await readFile(path.join(dir, f))));
  const readFileFromMap = async (f) => files.get(f);
  const only = (names) => ({ ...manifest, plugins: manifest.plugins.filter((p) => names.includes(p.name)) });

  // Linked: a fresh host with the plugin, minus a fresh host without it.
  const withLinked = await timeAsync(() => SharedHost.load(only(["linked"]), { readFile: readFileFromMap }), runs, warmup);
  const empty = await timeAsync(() => SharedHost.load(only([]), { readFile: readFileFromMap }), runs, warmup);
  const linkedMs = Math.max(withLinked.median - empty.median, 0.001);
  // Relocatable: loaded into a running host, then unloaded again.
  const host = await SharedHost.load(only([]), { readFile: readFileFromMap });
  const relocMs = await timeAsync(
    async () => {
      await host.load("r", files.get("reloc.wasm"));
      host.unload("r");
    },
    runs,
    warmup,
  );
  // Sanity: both work.
  const check = await SharedHost.load(only(["linked"]), { readFile: readFileFromMap });
  check.call("linked", "add", 3);
  await host.load("r", files.get("reloc.wasm"));
  host.call("r", "add", 3);
  if (host.call("r", "describe", 3) !== check.call("linked", "describe", 3)) throw new Error("relocatable and linked disagree");

  const relocModule = new WebAssembly.Module(files.get("reloc.wasm"));
  const sections = ["shared-rt.layout", "shared-rt.statics"].map((n) => WebAssembly.Module.customSections(relocModule, n)[0]?.byteLength ?? 0);
  await tmp.remove();
  return {
    optimizeLevel,
    linkedMs,
    withLinked,
    empty,
    reloc: relocMs,
    bytes: { linked: files.get("linked.wasm").length, reloc: files.get("reloc.wasm").length, sections: sections[0] + sections[1] },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const rows = [];
  for (const level of [0, 3]) {
    const r = await relocation(level);
    const ratio = (r.reloc.median / r.linkedMs).toFixed(2);
    rows.push([`-O${level}`, `${r.linkedMs.toFixed(3)} ms`, `${r.reloc.median.toFixed(3)} ms`, ratio, r.bytes.linked, r.bytes.reloc, r.bytes.sections]);
  }
  table(
    "Relocatable vs linked plugin (same source; load = compile + instantiate + register + place statics + start; median)",
    ["build", "load linked", "load relocatable (+unload)", "ratio", "linked bytes", "relocatable bytes", "of which layout+statics"],
    rows,
  );
}

async function timeAsync(fn, runs = 15, warmup = 3) {
  for (let i = 0; i < warmup; ++i) await fn();
  const samples = [];
  for (let i = 0; i < runs; ++i) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  return summarize(samples);
}
