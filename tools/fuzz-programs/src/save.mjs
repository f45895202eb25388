/**
 * A divergence on disk: the reduced program's model (what --replay reads), its sources both
 * ways (the split project, ready for `shared-rt build`, and the one-module tree), both outputs,
 * and a README saying how to replay it.
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { explain } from "./check-program.mjs";
import { oneModuleSources } from "./emit.mjs";
import { configName } from "./program.mjs";
import { projectFiles } from "./run-split.mjs";

async function writeTree(dir, files) {
  for (const [rel, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
    await writeFile(path.join(dir, rel), text);
  }
}

export async function saveDivergence(outDir, original, reduced) {
  const { program, result } = reduced;
  const dir = path.join(outDir, `seed-${original.seed}-${configName(original.config).replace(/[/]/g, "_")}`);
  await writeTree(path.join(dir, "split"), projectFiles(program));
  await writeTree(path.join(dir, "one-module"), oneModuleSources(program));
  await writeFile(path.join(dir, "program.json"), `${JSON.stringify(program, null, 2)}\n`);
  await writeFile(path.join(dir, "original.json"), `${JSON.stringify(original, null, 2)}\n`);
  await writeFile(path.join(dir, "outputs.txt"), `${explain(result)}\n`);
  const readme = [
    `# Divergence: ${result.kind}, seed ${original.seed}, ${configName(original.config)}`,
    "",
    `Reduced from ${original.steps.length} steps / ${original.items.length} items / ${original.pluginCount} plugins to ${program.steps.length} / ${program.items.length} / ${program.pluginCount} in ${reduced.checks} checks.`,
    "",
    `Replay: \`npm run fuzz:programs -- --replay ${dir}\` (reads program.json; original.json is the unreduced program).`,
    "`split/` is the shared-rt project (`npx shared-rt build -p split/shared-rt.json`), `one-module/` the same program as one module (entry main.ts); outputs.txt has both outputs.",
    "",
  ].join("\n");
  await writeFile(path.join(dir, "README.md"), readme);
  return dir;
}

export async function readSaved(dir) {
  return JSON.parse(await readFile(path.join(dir, "program.json"), "utf8"));
}
