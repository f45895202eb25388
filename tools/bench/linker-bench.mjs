// Build times of a generated 100-plugin project (issue: "The linker and the shared-rt CLI"):
// a full build, a rebuild after editing one plugin, a rebuild with nothing changed — each
// measured in this run and given as a ratio to the full build.
// Run: node tools/bench/linker-bench.mjs [plugins] [optimizeLevel]
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { buildProject } from "@shared-rt/linker";
import { table, tempDir } from "./bench-support.mjs";
import { generateProject, pluginName, pluginSource } from "./generate-project.mjs";

const count = Number(process.argv[2] ?? 100);
const optimizeLevel = Number(process.argv[3] ?? 3);
const tmp = await tempDir({});
const file = await generateProject(tmp.dir, count, { optimizeLevel });

async function timed(label, options) {
  const started = performance.now();
  const { events } = await buildProject(file, options);
  const ms = performance.now() - started;
  return { label, ms, compiled: events.filter((e) => !e.cached).length };
}

const rows = [];
rows.push(await timed(`full build (${count} plugins + runtime)`, { clean: true }));
const edited = pluginName(Math.floor(count / 2));
await writeFile(path.join(tmp.dir, "src", `${edited}.ts`), pluginSource(Math.floor(count / 2), "export function edited(): i32 { return 1; }"));
rows.push(await timed(`rebuild after editing ${edited}`, {}));
rows.push(await timed("rebuild with nothing changed", {}));
const full = rows[0].ms;
table(
  `Linking ${count} generated plugins at -O${optimizeLevel}`,
  ["build", "wall time", "modules compiled", "vs full build"],
  rows.map((r) => [r.label, `${(r.ms / 1000).toFixed(2)} s`, r.compiled, (r.ms / full).toFixed(3)]),
);
await tmp.remove();
