/**
 * The script each worker of a Node threaded host runs (`worker_threads`; load-threaded.ts
 * starts it): loads the project over the shared memory as worker `index`, then serves calls
 * (thread-serve.ts).
 */
import { parentPort, workerData } from "node:worker_threads";
import type { SharedHost } from "./host.js";
import { loadManifestFile } from "./node.js";
import { errorReply, serveThread, type WorkerReply, type WorkerRequest } from "./thread-serve.js";

/** What the host sends a worker when it starts it. */
export interface WorkerStart {
  manifestPath: string;
  memory: WebAssembly.Memory;
  index: number;
  skipHashCheck?: boolean;
}

async function main(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error("thread-worker.js runs in a worker thread");
  const start = workerData as WorkerStart;
  let host: SharedHost;
  try {
    host = await loadManifestFile(start.manifestPath, { thread: { memory: start.memory, index: start.index }, skipHashCheck: start.skipHashCheck });
  } catch (error) {
    port.postMessage(errorReply(-1, error));
    return;
  }
  serveThread(
    host,
    (reply: WorkerReply) => port.postMessage(reply),
    (on) => port.on("message", (request: WorkerRequest) => on(request)),
  );
}

void main();
