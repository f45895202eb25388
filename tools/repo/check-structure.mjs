#!/usr/bin/env node
// Repository rules that neither the type checker nor the linter can state (run by `npm run
// check`): no source file over 350 lines, and no test or source reaching into another
// workspace's `src/` by a relative path (packages meet through their published entries, and
// tests that span packages live in tests/). Function length and import cycles are Biome's.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));
const MAX_LINES = 350;
const SKIP = new Set(["node_modules", "dist", "build", ".turbo", "fixtures", ".git"]);

function* files(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (SKIP.has(entry.name)) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* files(full);
    else if (/\.(ts|mts|mjs|js)$/.test(entry.name) && !entry.name.endsWith(".d.ts")) yield full;
  }
}

/** `packages/runner` for a file below it. */
function workspaceOf(file) {
  const rel = path.relative(root, file).split(path.sep);
  return ["packages", "apps", "tools"].includes(rel[0]) ? rel.slice(0, 2).join("/") : rel[0];
}

const problems = [];
for (const top of ["packages", "apps", "tools", "tests"]) {
  const dir = path.join(root, top);
  if (!statSync(dir, { throwIfNoEntry: false })) continue;
  for (const file of files(dir)) {
    const rel = path.relative(root, file);
    const text = readFileSync(file, "utf8");
    const lines = text.split("\n").length - (text.endsWith("\n") ? 1 : 0);
    // AssemblyScript sources are test inputs and the runtime's own; the rule is for the tools.
    const isSource = /\/src\//.test(`/${rel}`) && !/\.test\.ts$/.test(rel) && !rel.includes("/assembly/");
    if (isSource && lines > MAX_LINES) problems.push(`${rel}: ${lines} lines, more than ${MAX_LINES}: split it by job`);
    for (const match of text.matchAll(/(?:from|import)\s*\(?\s*["'](\.\.?\/[^"']+)["']/g)) {
      const target = path.resolve(path.dirname(file), match[1]);
      const targetRel = path.relative(root, target);
      if (targetRel.startsWith("..")) continue;
      if (workspaceOf(target) !== workspaceOf(file) && /(^|\/)src(\/|$)/.test(targetRel)) {
        problems.push(`${rel}: imports ${match[1]}, another workspace's source: import its package entry instead`);
      }
    }
  }
}
if (problems.length) {
  process.stderr.write(`${problems.join("\n")}\n`);
  process.exit(1);
}
process.stdout.write("check-structure: ok\n");
