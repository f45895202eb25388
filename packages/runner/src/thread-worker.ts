/**
 * The script each worker of a Node threaded host runs (`worker_threads`; load-threaded.ts
 * starts it): loads the project over the shared memory as worker `index`, then serves calls
 * (thread-serve.ts).
 */
import path from "node:path";
import { parentPort, workerData } from "node:worker_threads";
import type { SharedHost } from "./host.js";
import type { RelocationPlacement } from "./load-relocatable.js";
import { importHostModule, loadManifestFile } from "./node.js";
import { errorReply, serveThread, type WorkerLoads, type WorkerReply, type WorkerRequest } from "./thread-serve.js";

/** What the host sends a worker when it starts it. */
export interface WorkerStart {
  manifestPath: string;
  memory: WebAssembly.Memory;
  index: number;
  /** Where worker 0 placed each relocatable plugin of the manifest. */
  placements: Record<string, RelocationPlacement>;
  skipHashCheck?: boolean;
  /** ThreadedLoadOptions.isolate. */
  isolate?: string[];
}

async function main(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error("thread-worker.js runs in a worker thread");
  const start = workerData as WorkerStart;
  let host: SharedHost;
  let loads: WorkerLoads;
  try {
    const thread = { memory: start.memory, index: start.index, placements: new Map(Object.entries(start.placements)) };
    host = await loadManifestFile(start.manifestPath, { thread, skipHashCheck: start.skipHashCheck, isolate: start.isolate });
    // The project's host module (the same module instance the load used): relocatable plugins loaded later get it too.
    const hostFile = host.manifest.host && path.resolve(path.dirname(start.manifestPath), host.manifest.host);
    loads = { thread, hostImports: hostFile ? await importHostModule(hostFile) : undefined };
  } catch (error) {
    port.postMessage(errorReply(-1, error));
    return;
  }
  serveThread(
    host,
    (reply: WorkerReply) => port.postMessage(reply),
    (on) => port.on("message", (request: WorkerRequest) => on(request)),
    loads,
  );
}

void main();
