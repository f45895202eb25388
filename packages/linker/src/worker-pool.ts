import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { runJob, type JobResult, type WorkerJob, type WorkerReply } from "./compile-worker.js";
import { LinkError, type LinkErrorCode } from "./errors.js";

/**
 * The linker's worker threads, one per core, kept between batches (each loads the compiler once)
 * and not keeping the process alive while idle. A batch of one job, or a run from sources with
 * no built worker (dist/compile-worker.js), runs in this thread.
 */

/** A job's result, or the LinkError it failed with. */
export type Outcome = JobResult | LinkError;

interface PoolWorker {
  worker: Worker;
}

const idle: PoolWorker[] = [];

/** The worker's built file: next to this one, or (when this runs from sources, as in tests) in dist/. */
function workerFile(): string | undefined {
  const here = fileURLToPath(import.meta.url);
  const built = here.endsWith(".ts") ? path.join(path.dirname(here), "..", "dist", "compile-worker.js") : path.join(path.dirname(here), "compile-worker.js");
  return existsSync(built) ? built : undefined;
}

/** Runs every job, as many at once as there are cores; results in job order. `onDone` hears of each job as it ends. */
export async function runJobs(jobs: WorkerJob[], onDone?: (index: number) => void): Promise<Outcome[]> {
  const file = workerFile();
  const threads = Math.min(jobs.length, availableParallelism());
  if (threads <= 1 || file === undefined) {
    const made: Outcome[] = [];
    for (const [i, job] of jobs.entries()) {
      made.push(await runJob(job).catch(asLinkError));
      onDone?.(i);
    }
    return made;
  }
  const results: Outcome[] = new Array(jobs.length);
  let next = 0;
  const run = async () => {
    const pooled = take(file);
    try {
      while (next < jobs.length) {
        const id = next++;
        results[id] = await inWorker(pooled.worker, id, jobs[id]);
        onDone?.(id);
      }
    } finally {
      give(pooled);
    }
  };
  await Promise.all(Array.from({ length: threads }, run));
  return results;
}

function take(file: string): PoolWorker {
  const pooled = idle.pop() ?? { worker: new Worker(file) };
  pooled.worker.ref();
  return pooled;
}

function give(pooled: PoolWorker): void {
  pooled.worker.unref();
  idle.push(pooled);
}

function inWorker(worker: Worker, id: number, job: WorkerJob): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => {
      worker.off("message", onMessage);
      // A worker that failed is not reused.
      const at = idle.findIndex((p) => p.worker === worker);
      if (at >= 0) idle.splice(at, 1);
      reject(error);
    };
    const onMessage = (reply: WorkerReply) => {
      if (reply.id !== id) return;
      worker.off("message", onMessage);
      worker.off("error", onError);
      if ("error" in reply) {
        const { code, message, diagnostics } = reply.error;
        resolve(new LinkError(code as LinkErrorCode, message, diagnostics ? { diagnostics } : undefined));
      } else {
        resolve({ wasm: new Uint8Array(reply.wasm), filesRead: new Map(reply.filesRead), diagnostics: reply.diagnostics, interface: reply.interface });
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
