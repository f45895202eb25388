/**
 * The script each worker of a threaded host runs (Node `worker_threads`; threaded-host.ts
 * starts it): loads the project over the shared memory as worker `index`, goes idle, then
 * runs the calls it is sent, one at a time, each between `enter` (waits while another worker
 * collects) and `leave` (records this worker's plugin-global roots and goes idle again).
 */
import { parentPort, workerData } from "node:worker_threads";
import { RUNTIME_EXPORTS, THREAD_EXPORTS } from "@shared-rt/abi";
import { SharedRtError } from "./errors.js";
import type { SharedHost } from "./host.js";
import { loadManifestFile } from "./node.js";

/** What the host sends a worker when it starts it. */
export interface WorkerStart {
  manifestPath: string;
  memory: WebAssembly.Memory;
  index: number;
  skipHashCheck?: boolean;
}

/** A worker's first message, once it has loaded: the runtime's addresses the host reads. */
export interface WorkerReady {
  heapLive: number;
  state: number;
}

/** A request: a plugin export to call, or a collection. */
export type WorkerRequest = { id: number; kind: "call"; plugin: string; export: string; args: unknown[] } | { id: number; kind: "collect" };

/** A reply: the lifted result, or the error's name, code and message. */
export type WorkerReply =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: { name: string; code?: string; plugin?: string; message: string } };

type ThreadApi = Record<string, () => void>;

function run(host: SharedHost, api: ThreadApi, request: WorkerRequest): WorkerReply {
  api[THREAD_EXPORTS.enter]();
  try {
    const value = request.kind === "collect" ? host.collect() : host.call(request.plugin, request.export, ...request.args);
    return { id: request.id, ok: true, value };
  } catch (error) {
    // A trap skipped the unlocks of the runtime entry points it unwound.
    api[THREAD_EXPORTS.resetLock]();
    const e = error as Error & { code?: string; plugin?: string };
    return { id: request.id, ok: false, error: { name: e.name, code: e instanceof SharedRtError ? e.code : undefined, plugin: e.plugin, message: e.message } };
  } finally {
    api[THREAD_EXPORTS.leave]();
  }
}

async function main(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error("thread-worker.js runs in a worker thread");
  const start = workerData as WorkerStart;
  let host: SharedHost;
  try {
    host = await loadManifestFile(start.manifestPath, { thread: { memory: start.memory, index: start.index }, skipHashCheck: start.skipHashCheck });
  } catch (error) {
    const e = error as Error & { code?: string; plugin?: string };
    port.postMessage({ id: -1, ok: false, error: { name: e.name, code: e.code, plugin: e.plugin, message: e.message } } satisfies WorkerReply);
    return;
  }
  const api = host.runtime.exports as unknown as ThreadApi;
  api[THREAD_EXPORTS.leave]();
  port.on("message", (request: WorkerRequest) => {
    let reply = run(host, api, request);
    try {
      port.postMessage(reply);
    } catch (error) {
      // A result that cannot cross threads (an Owned handle, a function).
      reply = {
        id: request.id,
        ok: false,
        error: {
          name: "DataCloneError",
          message: `the result of ${request.kind === "call" ? `${request.plugin}.${request.export}` : "collect"} cannot be sent from its worker: ${(error as Error).message}`,
        },
      };
      port.postMessage(reply);
    }
  });
  const global = (name: string) => ((host.runtime.exports as Record<string, WebAssembly.Global>)[name]?.value ?? 0) as number;
  const ready: WorkerReady = { heapLive: global(RUNTIME_EXPORTS.heapLive), state: global(THREAD_EXPORTS.state) };
  port.postMessage({ id: -1, ok: true, value: ready } satisfies WorkerReply);
}

void main();
