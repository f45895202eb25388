// Build times of a generated 100-plugin project (issues: "The linker and the shared-rt CLI",
// 13 "Compile once, link many"): a full build, a rebuild after editing one plugin, a rebuild with
// nothing changed — for both ways of building: compiling each plugin at its slot's bases, one
// after another ("at bases"), and compiling each plugin once into an object, in parallel, then
// linking it into its slot ("from objects"). Each measured in this run, as a ratio to the
// full build at bases.
// Run: node tools/bench/linker-bench.mjs [plugins] [optimizeLevel] [bases|objects]
import { availableParallelism } from "node:os";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { buildProject } from "@shared-rt/linker";
import { table, tempDir } from "./bench-support.mjs";
import { generateProject, pluginName, pluginSource } from "./generate-project.mjs";

const count = Number(process.argv[2] ?? 100);
const optimizeLevel = Number(process.argv[3] ?? 3);
const only = process.argv[4];

async function timed(label, file, options) {
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const { events } = await buildProject(file, options);
  const ms = performance.now() - started;
  // CPU time of every thread of this process: what the build costs, whatever else the machine runs.
  const cpu = process.cpuUsage(cpuBefore);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const compiled = options.linkObjects
    ? events.filter((e) => e.object === "compiled" || (e.kind === "runtime" && !e.cached)).length
    : events.filter((e) => !e.cached).length;
  const relinked = events.filter((e) => e.object === "cached").length;
  return { label, ms, cpuMs, compiled, relinked };
}

async function measure(way, linkObjects) {
  const tmp = await tempDir({});
  const file = await generateProject(tmp.dir, count, { optimizeLevel });
  const rows = [];
  rows.push(await timed(`${way}: full build (${count} plugins + runtime)`, file, { clean: true, linkObjects }));
  const edited = pluginName(Math.floor(count / 2));
  await writeFile(path.join(tmp.dir, "src", `${edited}.ts`), pluginSource(Math.floor(count / 2), "export function edited(): i32 { return 1; }"));
  rows.push(await timed(`${way}: rebuild after editing ${edited}`, file, { linkObjects }));
  rows.push(await timed(`${way}: rebuild with nothing changed`, file, { linkObjects }));
  // Outgrowing its slot: the plugin in the first slot (the project file lists the last one
  // first) gains a large string, so every plugin after it moves.
  const first = count - 1;
  await writeFile(path.join(tmp.dir, "src", `${pluginName(first)}.ts`), pluginSource(first, `export function big(): string { return "${"x".repeat(8000)}"; }`));
  rows.push(await timed(`${way}: rebuild after ${pluginName(first)} outgrows its slot`, file, { linkObjects }));
  await tmp.remove();
  return rows;
}

const rows = [];
if (only !== "objects") rows.push(...(await measure("at bases", false)));
if (only !== "bases") rows.push(...(await measure("from objects", true)));
const full = rows[0].ms;
table(
  `Linking ${count} generated plugins at -O${optimizeLevel} (${availableParallelism()} cores)`,
  ["build", "wall time", "CPU time", "modules compiled", "relinked only", "vs first full build"],
  rows.map((r) => [r.label, `${(r.ms / 1000).toFixed(2)} s`, `${(r.cpuMs / 1000).toFixed(2)} s`, r.compiled, r.relinked, (r.ms / full).toFixed(3)]),
);
