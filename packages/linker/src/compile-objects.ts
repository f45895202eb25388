import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { availableParallelism } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { AscDiagnostic } from "@shared-rt/runtime/asc";
import { hashInputs, inputsUnchanged, readOutput, sha256 } from "./build-cache.js";
import { compileRelocatable } from "./compile-plugin.js";
import type { ObjectOptions, WorkerJob, WorkerReply } from "./compile-worker.js";
import { optimizeLinked } from "./link-object.js";
import { LinkError, type LinkErrorCode } from "./errors.js";
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
  options: ObjectOptions;
}

const files = (project: Project, name: string) => {
  const dir = path.join(project.dir, OBJECTS_DIR);
  return { dir, wasm: path.join(dir, `${name}.wasm`), record: path.join(dir, `${name}.json`) };
};

/** The cache key of an object: the toolchain's and the options it is compiled with. */
function objectKey(toolchain: string, options: ObjectOptions): string {
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
 */
export async function obtainObjects(project: Project, toolchain: string, jobs: ObjectJob[], clean: boolean): Promise<Map<string, PluginObject>> {
  const found = new Map<string, PluginObject>();
  const missing: ObjectJob[] = [];
  for (const job of jobs) {
    const cached = clean ? undefined : await cachedObject(project, job, objectKey(toolchain, job.options));
    if (cached) found.set(job.name, cached);
    else missing.push(job);
  }
  const results = await compileAll(missing);
  const failed = results.find((r) => r instanceof LinkError);
  if (failed) throw failed;
  await mkdir(files(project, "x").dir, { recursive: true });
  for (const [i, job] of missing.entries()) {
    const made = results[i] as { wasm: Uint8Array; filesRead: Map<string, string | null>; diagnostics: AscDiagnostic[] };
    const inputs = hashInputs(made.filesRead, project.dir);
    const where = files(project, job.name);
    const record: ObjectRecord = { key: objectKey(toolchain, job.options), inputs, hash: sha256(made.wasm) };
    await writeFile(where.wasm, made.wasm);
    await writeFile(where.record, `${JSON.stringify(record, null, 2)}\n`);
    found.set(job.name, { wasm: made.wasm, inputs, diagnostics: made.diagnostics, compiled: true });
  }
  return found;
}

type Made = { wasm: Uint8Array; filesRead: Map<string, string | null>; diagnostics: AscDiagnostic[] } | LinkError;

/** The worker's built file: next to this one, or (when this runs from sources, as in tests) in dist/. */
function workerFile(): string | undefined {
  const here = fileURLToPath(import.meta.url);
  const built = here.endsWith(".ts") ? path.join(path.dirname(here), "..", "dist", "compile-worker.js") : path.join(path.dirname(here), "compile-worker.js");
  return existsSync(built) ? built : undefined;
}

/** Optimizes placed plugins (link-object.ts), in worker threads like compiles. */
export async function optimizeAll(wasms: Uint8Array[], levels: { optimize: number; shrink: number }): Promise<Uint8Array[]> {
  const made = await runJobs(wasms.map((wasm) => ({ kind: "optimize", wasm, levels })));
  const failed = made.find((r) => r instanceof LinkError);
  if (failed) throw failed;
  return made.map((m) => (m as { wasm: Uint8Array }).wasm);
}

function compileAll(jobs: ObjectJob[]): Promise<Made[]> {
  return runJobs(jobs.map((job) => ({ kind: "object", options: job.options })));
}

/** Runs one job here. */
async function runHere(job: WorkerJob): Promise<Made> {
  if (job.kind === "optimize") return { wasm: optimizeLinked(job.wasm, job.levels), filesRead: new Map(), diagnostics: [] };
  return compileRelocatable(job.options).catch((e: unknown) => asLinkError(e));
}

/** Runs every job: in worker threads when more than one (as many as cores), else here. */
async function runJobs(jobs: WorkerJob[]): Promise<Made[]> {
  const file = workerFile();
  const threads = Math.min(jobs.length, availableParallelism());
  if (threads <= 1 || file === undefined) {
    const made: Made[] = [];
    for (const job of jobs) made.push(await runHere(job));
    return made;
  }
  const results: Made[] = new Array(jobs.length);
  let next = 0;
  const run = async () => {
    const worker = new Worker(file);
    try {
      while (next < jobs.length) {
        const id = next++;
        results[id] = await inWorker(worker, id, jobs[id]);
      }
    } finally {
      await worker.terminate();
    }
  };
  await Promise.all(Array.from({ length: threads }, run));
  return results;
}

function inWorker(worker: Worker, id: number, job: WorkerJob): Promise<Made> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => {
      worker.off("message", onMessage);
      reject(error);
    };
    const onMessage = (reply: WorkerReply) => {
      if (reply.id !== id) return;
      worker.off("message", onMessage);
      worker.off("error", onError);
      if ("error" in reply) {
        const { code, message, diagnostics } = reply.error;
        resolve(new LinkError(code as LinkErrorCode, message, { diagnostics: diagnostics as AscDiagnostic[] | undefined }));
      } else {
        resolve({ wasm: new Uint8Array(reply.wasm), filesRead: new Map(reply.filesRead), diagnostics: reply.diagnostics as AscDiagnostic[] });
      }
    };
    worker.on("message", onMessage);
    worker.once("error", onError);
    worker.postMessage({ id, job });
  });
}

function asLinkError(error: unknown): LinkError {
  return error instanceof LinkError ? error : new LinkError("COMPILE_FAILED", (error as Error).message ?? String(error), { cause: error });
}
