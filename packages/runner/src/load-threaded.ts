/** A threaded host on Node `worker_threads` (threaded-host.ts; each worker runs thread-worker.ts). */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { checkManifest } from "./check-manifest.js";
import { LoadError } from "./errors.js";
import type { WorkerReply } from "./thread-serve.js";
import type { WorkerStart } from "./thread-worker.js";
import { ThreadedHost, type ThreadedLoadOptions, type ThreadPort } from "./threaded-host.js";

/** Loads a project built with `"threads"` on worker threads (Node). */
export async function loadThreaded(manifestPath: string, options: ThreadedLoadOptions = {}): Promise<ThreadedHost> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(manifestPath, "utf8"));
  } catch (error) {
    throw new LoadError("MISSING_MANIFEST", undefined, `cannot read the manifest '${manifestPath}': ${(error as Error).message}`, { cause: error });
  }
  const script = new URL("./thread-worker.js", import.meta.url);
  return ThreadedHost.start(checkManifest(parsed, manifestPath), manifestPath, options, (index, memory, placements): ThreadPort => {
    const workerData: WorkerStart = {
      manifestPath: path.resolve(manifestPath),
      memory,
      index,
      placements,
      skipHashCheck: options.skipHashCheck,
      isolate: options.isolate,
    };
    const worker = new Worker(script, { workerData });
    return {
      post: (message) => worker.postMessage(message),
      onMessage: (listener) => worker.on("message", (reply: WorkerReply) => listener(reply)),
      onFailure: (listener) => {
        worker.on("error", listener);
        worker.on("exit", (code) => listener(new Error(`worker ${index} exited (code ${code})`)));
      },
      terminate: () => worker.terminate(),
    };
  });
}
