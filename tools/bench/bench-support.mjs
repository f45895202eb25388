// Shared pieces of the benchmarks: temporary projects, standalone builds, timing, tables.
import { mkdtemp, rm, writeFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { buildProject } from "@shared-rt/linker";
import { loadManifestFile } from "@shared-rt/runner/node";
import { runAsc } from "@shared-rt/runtime/asc";

/** Writes files into a fresh temporary directory; returns it with a cleanup function. */
export async function tempDir(files) {
  const dir = await mkdtemp(path.join(tmpdir(), "shared-rt-bench-"));
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), text);
  }
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * Builds a shared-rt project from `files` and `plugins` in a temporary directory (-O3, incremental
 * unless `config` says otherwise) and loads it unless `load` is false.
 */
export async function sharedProject(files, plugins, config = {}, { load = true } = {}) {
  const project = { plugins, collector: "incremental", optimizeLevel: 3, ...config };
  const tmp = await tempDir({ ...files, "shared-rt.json": JSON.stringify(project) });
  const result = await buildProject(path.join(tmp.dir, "shared-rt.json"));
  const host = load ? await loadManifestFile(result.manifestPath) : undefined;
  return { tmp, result, host };
}

/** Compiles `entry` in `dir` as an ordinary AssemblyScript module with an embedded runtime. */
export async function standalone(dir, entry, runtime, extra = []) {
  const run = await runAsc([entry, "--baseDir", dir, "--runtime", runtime, "-O3", "--noColors", "-o", "out.wasm", ...extra]);
  if (run.error) throw new Error(run.stderr || run.error.message);
  return run.outputs.get("out.wasm");
}

/** Median wall time in ms of `fn` over `runs` runs after `warmup` runs. */
export function time(fn, { runs = 15, warmup = 3 } = {}) {
  for (let i = 0; i < warmup; ++i) fn();
  const samples = [];
  for (let i = 0; i < runs; ++i) {
    const t = performance.now();
    fn();
    samples.push(performance.now() - t);
  }
  samples.sort((a, b) => a - b);
  return samples[samples.length >> 1];
}

/** Prints rows as an aligned table. */
export function table(title, header, rows) {
  const all = [header, ...rows].map((r) => r.map(String));
  const widths = header.map((_, i) => Math.max(...all.map((r) => r[i].length)));
  const line = (r) => `| ${r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(" | ")} |`;
  console.log(`\n${title}\n`);
  console.log(line(all[0]));
  console.log(`|${widths.map((w, i) => (i === 0 ? `${"-".repeat(w + 1)}-` : `${"-".repeat(w + 1)}:`)).join("|")}|`);
  for (const r of all.slice(1)) console.log(line(r));
}

export const abortImport = {
  abort: () => {
    throw new Error("abort");
  },
};
