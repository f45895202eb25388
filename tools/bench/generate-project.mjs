// Generates a project of N plugins for benchmarks and tests: plugin i exports `value()` and
// `chain()`, and every plugin but the first imports `chain` from the one before it, so the
// load order must follow the dependencies and one call crosses every plugin.
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";

export function pluginName(i) {
  return `p${String(i).padStart(3, "0")}`;
}

export function pluginSource(i, extra = "") {
  const prev = i > 0 ? `@external("${pluginName(i - 1)}", "chain") declare function previous(): string;\n` : "";
  return `${prev}
class Entry { constructor(public key: string, public n: i32) {} }
let entries: Array<Entry> = [];
export function value(): i32 {
  entries.push(new Entry("k" + entries.length.toString(), ${i}));
  return ${i} + entries.length - 1;
}
export function chain(): string {
  return ${i > 0 ? "previous() + " : ""}"${pluginName(i)};";
}
${extra}`;
}

/** Writes the project into `dir` and returns its project file. */
export async function generateProject(dir, count, config = {}) {
  await mkdir(path.join(dir, "src"), { recursive: true });
  const plugins = {};
  // Listed last to first, so the project file's order is not the load order.
  for (let i = count - 1; i >= 0; --i) {
    plugins[pluginName(i)] = { entry: `src/${pluginName(i)}.ts` };
    await writeFile(path.join(dir, "src", `${pluginName(i)}.ts`), pluginSource(i));
  }
  const file = path.join(dir, "shared-rt.json");
  await writeFile(file, JSON.stringify({ plugins, ...config }, null, 2));
  return file;
}
