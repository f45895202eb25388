/**
 * The subject: the program split into plugins, built with the linker API (buildProject) in a
 * temporary project and run with the runner. Modes: `linked` (every plugin placed by the linker),
 * `relocatable` (one plugin `"relocatable": true`, placed by the host at load) and `late` (the top
 * plugin, which nobody imports from, relocatable and loaded into the running host just before its
 * first step).
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { buildProject } from "@shared-rt/linker";
import { SharedHost } from "@shared-rt/runner";
import { pluginName, splitSources } from "./emit.mjs";
import { failure } from "./run-one-module.mjs";

function relocatablePlugin(program) {
  const { mode } = program.config;
  if (mode === "late") return pluginName(program.pluginCount - 1);
  if (mode === "relocatable") return pluginName(program.relocatable % program.pluginCount);
  return null;
}

/** The project's files and shared-rt.json, as the split build and a saved reproduction use them. */
export function projectFiles(program) {
  const { files, plugins } = splitSources(program);
  const reloc = relocatablePlugin(program);
  const entries = Object.fromEntries(plugins.map((p) => [p, p === reloc ? { entry: `plugins/${p}.ts`, relocatable: true } : { entry: `plugins/${p}.ts` }]));
  const { collector, optimizeLevel } = program.config;
  const project = { plugins: entries, outDir: "build", collector, optimizeLevel, host: "host.mjs" };
  files["host.mjs"] = "// The fuzzer supplies host.print itself.\nexport default {};\n";
  files["shared-rt.json"] = `${JSON.stringify(project, null, 2)}\n`;
  return files;
}

/** Builds and runs the split program: `{ lines }`, or `{ error }` when the build fails. */
export async function buildAndRunSplit(program) {
  const dir = await mkdtemp(path.join(tmpdir(), "fuzz-programs-split-"));
  try {
    for (const [rel, text] of Object.entries(projectFiles(program))) {
      await mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
      await writeFile(path.join(dir, rel), text);
    }
    let built;
    try {
      built = await buildProject(path.join(dir, "shared-rt.json"));
    } catch (error) {
      return { error: `split build failed: ${error?.message ?? error}` };
    }
    return await runSplit(program, built.manifest, path.dirname(built.manifestPath));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function runSplit(program, manifest, buildDir) {
  const lines = [];
  const late = program.config.mode === "late" ? pluginName(program.pluginCount - 1) : null;
  const hostImports = { host: { print: (line) => lines.push(line ?? "null") } };
  const readIn = async (file) => new Uint8Array(await readFile(path.join(buildDir, file)));
  const loaded = { ...manifest, plugins: manifest.plugins.filter((p) => p.name !== late) };
  let host;
  try {
    host = await SharedHost.load(loaded, { readFile: readIn, hostImports, log: (line) => lines.push(line) });
  } catch (error) {
    lines.push(`!! start: ${failure(error)}`);
    return { lines, detail: String(error?.stack ?? error) };
  }
  for (const step of program.steps) {
    const plugin = pluginName(step.plugin);
    try {
      if (plugin === late && !host.pluginNames.includes(late)) {
        const entry = manifest.plugins.find((p) => p.name === late);
        await host.load(late, await readIn(entry.file), { hostImports });
      }
      host.call(plugin, step.name);
      host.collect();
    } catch (error) {
      lines.push(`!! ${step.name}: ${failure(error)}`);
      return { lines, detail: String(error?.stack ?? error) };
    }
  }
  return { lines };
}
