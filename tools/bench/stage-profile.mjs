// Where one plugin's build time goes (issue 13): each stage of compiling a plugin into an object
// and linking it, in CPU time of this thread, against compiling it at its bases at -O3 (the old path).
// Run: node tools/bench/stage-profile.mjs [plugins]
import path from "node:path";
import { compilePlugin, relocationBuild, relocateBuilds } from "../../packages/linker/dist/compile-plugin.js";
import { placeRelocatable, optimizeLinked } from "../../packages/linker/dist/link-object.js";
import { table, tempDir } from "./bench-support.mjs";
import { generateProject, pluginName } from "./generate-project.mjs";

const count = Number(process.argv[2] ?? 25);
const tmp = await tempDir({});
await generateProject(tmp.dir, count);
const stages = new Map();
// CPU time of this (single-threaded) process: comparable however busy the machine is.
const timed = async (stage, fn) => {
  if (warming) return fn();
  const before = process.cpuUsage();
  const r = await fn();
  const used = process.cpuUsage(before);
  stages.set(stage, (stages.get(stage) ?? 0) + (used.user + used.system) / 1000);
  return r;
};
// The first plugins pay for loading the compiler and warming up the JIT: not counted.
const WARMUP = 5;
let warming = true;
for (let i = 0; i < count; ++i) {
  warming = i < WARMUP;
  const name = pluginName(i);
  const options = { name, entry: path.join(tmp.dir, "src", `${name}.ts`), baseDir: tmp.dir, collector: "incremental", optimizeLevel: 3, shrinkLevel: 0 };
  const at = { ...options, memoryBase: 65536 * 4, tableBase: 100, classIdBase: 4096 };
  await timed("old: compile at bases -O3", () => compilePlugin(at));
  const first = await timed("object: build 1 (-O0)", () => compilePlugin(relocationBuild(options, 0)));
  const second = await timed("object: build 2 (-O0)", () => compilePlugin(relocationBuild(options, 1)));
  const object = await timed("object: relocate (diff)", () => relocateBuilds({ ...options, optimizeLevel: 0, shrinkLevel: 0 }, first, second));
  const placed = await timed("link: place", () =>
    placeRelocatable(name, object.wasm, { memoryBase: 65536 * 4, tableBase: 100, classBase: 4096, sharedId: () => 0 }),
  );
  await timed("link: optimize -O3", () => optimizeLinked(placed.wasm, { optimize: 3, shrink: 0 }));
}
await tmp.remove();
const measured = count - WARMUP;
const rows = [...stages].map(([s, ms]) => [s, (ms / measured).toFixed(1)]);
const objectMs = [...stages].filter(([s]) => !s.startsWith("old")).reduce((n, [, ms]) => n + ms, 0);
rows.push(["object path: all stages", (objectMs / measured).toFixed(1)]);
table(`Stages of ${measured} plugins (after ${WARMUP} to warm up), CPU ms per plugin`, ["stage", "CPU ms"], rows);
