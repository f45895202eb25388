import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { BuildCache } from "../build-cache.js";
import { CACHE_FILE } from "../build-cache.js";
import { readProject } from "../project.js";

/** Quiet time after the last change before rebuilding: an editor's save is several events. */
export const DEBOUNCE_MS = 150;

/** Files whose change may change a build even when no earlier build read them (a new import, a fixed typo). */
const SOURCE_FILE = /\.(ts|json|mjs|cjs|js|wasm)$/;

/**
 * Rebuilds on every change of the project's inputs, one build at a time; `first` is the first
 * build (default: `rebuild`). Never resolves.
 *
 * Watched: the project's directory (outDir, node_modules and dot-directories aside), and every
 * file the last build read outside it (shared sources in a sibling directory, plugin packages
 * in node_modules), as recorded in the build cache, plus the host module, through the watch of
 * its directory (so that a deleted input is seen when it comes back). chokidar re-arms a
 * file's watch when the file is replaced by a rename (editors' and `sed -i`'s way of saving),
 * which Node's recursive fs.watch on Linux does not: such a file was never seen again.
 */
export async function watch(file: string, rebuild: () => Promise<number>, first?: () => Promise<number>): Promise<number> {
  const chokidar = await import("chokidar");
  const dir = path.dirname(file);
  // Known before the first build, which writes into outDir: that must not look like a change.
  let { inputs, outDir } = await buildInputs(file);
  // Directories of inputs that the watch of the project's directory does not cover: watched
  // themselves (not their files: a deleted file's own watch ends, its directory sees it come back).
  const extraDirs = new Set<string>();
  const ignored = (p: string) => {
    if (inputs.has(p) || extraDirs.has(p)) return false;
    if (p === outDir || p.startsWith(outDir + path.sep)) return true;
    // Outside the project's directory (or in its node_modules), only inputs count.
    if (outsideProject(p, dir)) return true;
    return path
      .relative(dir, p)
      .split(path.sep)
      .some((part) => part.startsWith(".") && part.length > 1);
  };
  const watcher = chokidar.watch(dir, { ignored, ignoreInitial: true, atomic: true });
  await new Promise<void>((resolve) => watcher.once("ready", () => resolve()));

  const watchOutside = () => {
    const dirs = [...inputs].filter((p) => outsideProject(p, dir)).map((p) => path.dirname(p));
    const added = [...new Set(dirs)].filter((d) => !extraDirs.has(d) && existsSync(d));
    for (const d of added) extraDirs.add(d);
    if (added.length) watcher.add(added);
  };
  watchOutside();
  const refreshInputs = async () => {
    ({ inputs, outDir } = await buildInputs(file));
    watchOutside();
  };
  const report = async (build: () => Promise<number>) => {
    try {
      await build();
    } catch (error) {
      process.stderr.write(`shared-rt: ${error instanceof Error ? error.message : String(error)}\n`);
    }
    await refreshInputs();
    process.stderr.write("watching for changes (Ctrl-C to stop)\n");
  };

  let timer: NodeJS.Timeout | undefined;
  let building: Promise<void> = report(first ?? rebuild);
  let queued = false;
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      // Changes during a build coalesce into one more build after it.
      if (queued) return;
      queued = true;
      building = building.then(() => {
        queued = false;
        return report(rebuild);
      });
    }, DEBOUNCE_MS);
  };
  watcher.on("all", (_event, changed) => {
    const full = path.resolve(changed);
    if (inputs.has(full) || (!ignored(full) && SOURCE_FILE.test(full))) schedule();
  });
  return new Promise<number>(() => {});
}

/** Whether a path lies outside what the watch of the project's directory covers: elsewhere, or in node_modules. */
function outsideProject(p: string, dir: string): boolean {
  const rel = path.relative(dir, p);
  return rel.startsWith("..") || path.isAbsolute(rel) || rel.split(path.sep).includes("node_modules");
}

/**
 * What a build depends on: the project file, the host module, every plugin's entry (or prebuilt
 * file), and every file the last build's compiles read (the build cache's inputs). A project that
 * cannot be read yet depends on its file alone.
 */
async function buildInputs(file: string): Promise<{ inputs: Set<string>; outDir: string }> {
  const inputs = new Set<string>([file]);
  let project: Awaited<ReturnType<typeof readProject>>;
  try {
    project = await readProject(file);
  } catch {
    return { inputs, outDir: path.join(path.dirname(file), "build") };
  }
  if (project.host) inputs.add(project.host);
  for (const plugin of project.plugins) {
    const source = plugin.wasm ?? plugin.entry;
    if (source) inputs.add(source);
  }
  try {
    const cache = JSON.parse(await readFile(path.join(project.outDir, CACHE_FILE), "utf8")) as BuildCache;
    for (const plugin of Object.values(cache.plugins)) {
      for (const input of Object.keys(plugin.inputs)) inputs.add(path.resolve(project.dir, input));
    }
  } catch {
    // No cache yet (the build failed): the directory watch still sees every source.
  }
  return { inputs, outDir: project.outDir };
}
