import path from "node:path";
import { readProject } from "../project.js";

/**
 * Rebuilds on every change below the project's directory (outDir and node_modules aside), one
 * build at a time; `first` is the first build (default: `rebuild`). Never resolves.
 */
export async function watch(file: string, rebuild: () => Promise<number>, first?: () => Promise<number>): Promise<number> {
  const { watch: watchFiles } = await import("node:fs");
  const project = await readProject(file);
  const report = async (build: () => Promise<number>) => {
    try {
      await build();
    } catch (error) {
      process.stderr.write(`shared-rt: ${error instanceof Error ? error.message : String(error)}\n`);
    }
    process.stderr.write("watching for changes (Ctrl-C to stop)\n");
  };
  let timer: NodeJS.Timeout | undefined;
  let running = Promise.resolve();
  // Watch before the first build, so that no change made during it is missed.
  watchFiles(project.dir, { recursive: true }, (_event, name) => {
    if (!name) return;
    const full = path.resolve(project.dir, name.toString());
    if (full.startsWith(project.outDir + path.sep) || full.includes(`${path.sep}node_modules${path.sep}`)) return;
    if (!/\.(ts|json|mjs|js|wasm)$/.test(full)) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      running = running.then(() => report(rebuild));
    }, 100);
  });
  running = report(first ?? rebuild);
  return new Promise<number>(() => {});
}
