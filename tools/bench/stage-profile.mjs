// Where one plugin's build time goes (issue 13): each stage of compiling a plugin into an object
// and linking it, timed in this thread, against compiling it at its bases at -O3 (the old path).
// Run: node tools/bench/stage-profile.mjs [plugins]
import path from "node:path";
import { compilePlugin, relocationBuild, relocateBuilds } from "../../packages/linker/dist/compile-plugin.js";
import { placeRelocatable, optimizeLinked } from "../../packages/linker/dist/link-object.js";
import { table, tempDir } from "./bench-support.mjs";
import { generateProject, pluginName } from "./generate-project.mjs";

const count = Number(process.argv[2] ?? 6);
const tmp = await tempDir({});
await generateProject(tmp.dir, count);
const stages = new Map();
const timed = async (stage, fn) => {
  const t = performance.now();
  const r = await fn();
  stages.set(stage, (stages.get(stage) ?? 0) + performance.now() - t);
  return r;
};
for (let i = 0; i < count; ++i) {
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
// The first plugin pays for loading the compiler: reported with the rest, per plugin on average.
table(
  `Stages of ${count} plugins, ms per plugin (this thread)`,
  ["stage", "ms"],
  [...stages].map(([s, ms]) => [s, (ms / count).toFixed(1)]),
);
