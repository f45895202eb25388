import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import type { AscDiagnostic } from "@shared-rt/runtime/asc";
import type { OptimizeLevels } from "shared-init";
import { hashInputs, inputsUnchanged, readOutput, sha256 } from "./build-cache.js";
import type { BuildStep } from "./build-options.js";
import { relocationBuild, type RelocatableOptions } from "./compile-plugin.js";
import type { JobResult, ModuleInterface } from "./compile-worker.js";
import { LinkError } from "./errors.js";
import { runJobs, type Outcome } from "./worker-pool.js";
import { relativePath, type Project } from "./project.js";

/**
 * Plugin objects: each plugin compiled ONCE into a relocatable plugin, independent of every other
 * plugin and of where it will be placed, and cached by its own inputs only (the files the
 * compiler read, its compile options and the toolchain). The linker then places each object in
 * its slot (link-object.ts). Objects of different plugins compile at once, in worker threads,
 * as many as there are cores.
 */

/**
 * The object cache's directory, relative to the project's: where build tools keep caches (not in
 * the output directory, whose files are what a build ships).
 */
export const OBJECTS_DIR = "node_modules/.cache/shared-rt/objects";

/** What the cache keeps of one object, next to its .wasm. */
interface ObjectRecord {
  key: string;
  inputs: Record<string, string | null>;
  hash: string;
}

export interface PluginObject {
  wasm: Uint8Array;
  /** The files it was compiled from (project-relative) and their hashes. */
  inputs: Record<string, string | null>;
  /** The compiler's diagnostics when it was compiled now; none when reused. */
  diagnostics: AscDiagnostic[];
  /** Whether it was compiled by this build. */
  compiled: boolean;
}

export interface ObjectJob {
  name: string;
  options: RelocatableOptions;
}

const files = (project: Project, name: string) => {
  const dir = path.join(project.dir, OBJECTS_DIR);
  return { dir, wasm: path.join(dir, `${name}.wasm`), record: path.join(dir, `${name}.json`) };
};

/** The cache key of an object: the toolchain's and the options it is compiled with. */
function objectKey(toolchain: string, options: RelocatableOptions): string {
  // Paths relative to the project: moving the project keeps its objects.
  const { baseDir, entry, ...rest } = options;
  return sha256(JSON.stringify({ toolchain, entry: relativePath(baseDir, entry), ...rest }));
}

/** The cached object of a plugin, if its key and every input it was compiled from are unchanged. */
async function cachedObject(project: Project, job: ObjectJob, key: string): Promise<PluginObject | undefined> {
  const where = files(project, job.name);
  try {
    const record = JSON.parse(await readFile(where.record, "utf8")) as ObjectRecord;
    if (record.key !== key || !(await inputsUnchanged(record.inputs, project.dir))) return undefined;
    const wasm = await readOutput(where.wasm, record.hash);
    return wasm && { wasm, inputs: record.inputs, diagnostics: [], compiled: false };
  } catch {
    return undefined;
  }
}

/**
 * The object of every job: from the cache where its inputs are unchanged (unless `clean`), else
 * compiled — in parallel — and cached. Fails with the first failing plugin's error (in job order).
 * `onStep` hears which objects are reused and which compile, as they start and end.
 */
export async function obtainObjects(
  project: Project,
  toolchain: string,
  jobs: ObjectJob[],
  clean: boolean,
  onStep?: (step: BuildStep) => void,
): Promise<Map<string, PluginObject>> {
  const found = new Map<string, PluginObject>();
  const missing: ObjectJob[] = [];
  for (const job of jobs) {
    const cached = clean ? undefined : await cachedObject(project, job, objectKey(toolchain, job.options));
    if (cached) found.set(job.name, cached);
    else missing.push(job);
    if (cached) onStep?.({ name: job.name, step: "cached" });
  }
  for (const job of missing) onStep?.({ name: job.name, step: "compile" });
  const results = await compileAll(missing, (i) => onStep?.({ name: missing[i].name, step: "compiled" }));
  const failed = results.find((r) => r instanceof LinkError);
  if (failed) throw failed;
  await mkdir(files(project, "x").dir, { recursive: true });
  for (const [i, job] of missing.entries()) {
    const made = results[i] as JobResult;
    const inputs = hashInputs(made.filesRead, project.dir);
    const where = files(project, job.name);
    const record: ObjectRecord = { key: objectKey(toolchain, job.options), inputs, hash: sha256(made.wasm) };
    await writeFile(where.wasm, made.wasm);
    await writeFile(where.record, `${JSON.stringify(record, null, 2)}\n`);
    found.set(job.name, { wasm: made.wasm, inputs, diagnostics: made.diagnostics, compiled: true });
  }
  return found;
}

/** Optimizes placed plugins (link-object.ts), in the worker threads like compiles; with their imports and exports. */
export async function optimizeAll(wasms: Uint8Array[], levels: OptimizeLevels): Promise<({ wasm: Uint8Array } & ModuleInterface)[]> {
  const made = await runJobs(wasms.map((wasm) => ({ kind: "optimize", wasm, levels })));
  return made.map((m) => {
    if (m instanceof LinkError) throw m;
    return { wasm: m.wasm, ...m.interface! };
  });
}

/**
 * Compiles objects: both builds of every plugin at once, then every relocation at once (both in
 * the worker threads), so that even one plugin's object uses two cores. `compiled(i)` is called
 * when both builds of job i have ended (the relocation after them is quick).
 */
async function compileAll(jobs: ObjectJob[], compiled: (index: number) => void): Promise<Outcome[]> {
  const ended = new Array<number>(jobs.length).fill(0);
  const builds = await runJobs(
    jobs.flatMap((job) => [0, 1].map((which) => ({ kind: "build" as const, options: relocationBuild(job.options, which as 0 | 1) }))),
    (b) => {
      const i = Math.floor(b / 2);
      if (++ended[i] === 2) compiled(i);
    },
  );
  const failed = (i: number) => [builds[2 * i], builds[2 * i + 1]].find((b) => b instanceof LinkError);
  const relocated = await runJobs(
    jobs.flatMap((job, i) =>
      failed(i)
        ? []
        : [{ kind: "relocate" as const, options: job.options, first: (builds[2 * i] as JobResult).wasm, second: (builds[2 * i + 1] as JobResult).wasm }],
    ),
  );
  let next = 0;
  return jobs.map((_, i) => {
    const error = failed(i);
    if (error) return error;
    const made = relocated[next++];
    if (made instanceof LinkError) return made;
    const first = builds[2 * i] as JobResult;
    return { wasm: made.wasm, filesRead: first.filesRead, diagnostics: first.diagnostics };
  });
}
