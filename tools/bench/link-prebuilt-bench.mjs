// Linking a prebuilt plugin vs compiling it (issue 13, Measure): the wall time of a clean build
// of a one-plugin project whose plugin is a prebuilt relocatable `.wasm` (`"wasm"` in
// shared-rt.json: read, placed, optimized — no compile), against the same project naming the
// plugin's source (`"entry"`: compiled, then linked). Both builds also build the runtime, the
// same work on both sides. Exported for bench.mjs; run alone: node tools/bench/link-prebuilt-bench.mjs
import { copyFile, mkdir } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildProject } from "@shared-rt/linker";
import { sharedProject, table, tempDir } from "./bench-support.mjs";
import { REALISTIC } from "./runtime-bench.mjs";
import { pair } from "./sample.mjs";

// The word counter of issue 13's size goal (runtime-bench.mjs): Map<string, i32> pulls in a fair part of the library.
const COUNTER = REALISTIC.counter;

/**
 * Median ms of a clean build linking the prebuilt plugin (`shared`) and of one compiling it from
 * source (`baseline`), A/B alternated, with the per-round ratio.
 */
export async function linkPrebuilt({ runs = 5, warmup = 1, optimizeLevel = 3 } = {}) {
  // The prebuilt plugin: the relocatable build of the source, as `shared-rt pack` ships it.
  const packed = await sharedProject({ "counter.ts": COUNTER }, { counter: { entry: "counter.ts", relocatable: true } }, { optimizeLevel }, { load: false });
  const project = (plugin) => JSON.stringify({ plugins: { counter: plugin }, collector: "incremental", optimizeLevel });
  const linked = await tempDir({ "shared-rt.json": project({ wasm: "vendor/counter.wasm" }) });
  await mkdir(path.join(linked.dir, "vendor"));
  await copyFile(path.join(packed.result.project.outDir, "counter.wasm"), path.join(linked.dir, "vendor", "counter.wasm"));
  const compiled = await tempDir({ "counter.ts": COUNTER, "shared-rt.json": project({ entry: "counter.ts" }) });
  const build = (dir) => buildProject(path.join(dir, "shared-rt.json"), { clean: true });
  const result = await pair(
    () => build(linked.dir),
    () => build(compiled.dir),
    { runs, warmup },
  );
  for (const t of [packed.tmp, linked, compiled]) await t.remove();
  return { shared: result.a.median, baseline: result.b.median, ...result };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const r = await linkPrebuilt();
  const f2 = (x) => x.toFixed(2);
  table(
    "Linking a prebuilt plugin vs compiling it (clean build of a one-plugin project, -O3)",
    ["prebuilt .wasm (link)", "from source (compile + link)", "ratio"],
    [[`${f2(r.shared)} ms`, `${f2(r.baseline)} ms`, `${f2(r.ratio.median)} [${f2(r.ratio.min)}–${f2(r.ratio.max)}]`]],
  );
}
