/**
 * What every worker of a threaded host does once its project is loaded (thread-worker.ts on
 * Node, thread-worker-browser.ts in browsers): it goes idle, tells the host the runtime's
 * addresses, then runs the calls it is sent, one at a time, each between `enter` (waits while
 * another worker collects) and `leave` (records this worker's plugin-global roots and goes
 * idle again). The messages are the same on both platforms. Requests run one after another,
 * in the order they came (a load awaits its compilation; nothing else runs on the worker meanwhile).
 */
import { RUNTIME_EXPORTS, THREAD_EXPORTS } from "@shared-rt/abi";
import { SharedRtError } from "./errors.js";
import type { SharedHost } from "./host.js";
import type { ImportsFor, ThreadJoin } from "./load-options.js";
import type { RelocationPlacement } from "./load-relocatable.js";
import { collectWorker, threadBytes } from "./thread-join.js";

/** A worker's first message, once it has loaded: the runtime's addresses the host reads. */
export interface WorkerReady {
  heapLive: number;
  state: number;
  /** Worker 0: where it placed each relocatable plugin of the manifest (the others load them there). */
  placements: Record<string, RelocationPlacement>;
}

/**
 * A request: a plugin export to call, a collection, or loading a relocatable plugin (worker 0
 * places it and replies with its placement; every other worker joins with that placement) and
 * unloading it.
 */
export type WorkerRequest =
  | { id: number; kind: "call"; plugin: string; export: string; args: unknown[] }
  | { id: number; kind: "collect" }
  | { id: number; kind: "load"; name: string; bytes: Uint8Array; placement?: RelocationPlacement }
  | { id: number; kind: "unload"; name: string };

/** What a worker loads relocatable plugins with: its join of the threaded host, and the project's host imports. */
export interface WorkerLoads {
  thread: ThreadJoin;
  hostImports?: ImportsFor<SharedHost>;
}

/** A reply: the lifted result, or the error's name, code and message. */
export type WorkerReply =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: { name: string; code?: string; plugin?: string; message: string } };

type ThreadApi = Record<string, () => void>;

/** The reply for an error caught on a worker. */
export function errorReply(id: number, error: unknown): WorkerReply {
  const e = error as Error & { code?: string; plugin?: string };
  return { id, ok: false, error: { name: e.name, code: e instanceof SharedRtError ? e.code : e.code, plugin: e.plugin, message: e.message } };
}

function run(host: SharedHost, api: ThreadApi, request: Extract<WorkerRequest, { kind: "call" | "collect" }>): WorkerReply {
  api[THREAD_EXPORTS.enter]();
  try {
    const value = request.kind === "collect" ? collectWorker(host) : host.call(request.plugin, request.export, ...request.args);
    return { id: request.id, ok: true, value };
  } catch (error) {
    // A trap skipped the unlocks of the runtime entry points it unwound.
    api[THREAD_EXPORTS.resetLock]();
    return errorReply(request.id, error);
  } finally {
    api[THREAD_EXPORTS.leave]();
  }
}

/**
 * Loads (worker 0: places and registers; the others: join where worker 0 placed it) or unloads
 * a relocatable plugin, running like a call. Worker 0's reply is the placement.
 */
async function relocatable(
  host: SharedHost,
  api: ThreadApi,
  loads: WorkerLoads,
  request: Extract<WorkerRequest, { kind: "load" | "unload" }>,
): Promise<WorkerReply> {
  const { thread } = loads;
  api[THREAD_EXPORTS.enter]();
  try {
    if (request.kind === "unload") {
      host.unload(request.name);
      return { id: request.id, ok: true, value: null };
    }
    if (request.placement) {
      thread.placements ??= new Map();
      thread.placements.set(request.name, request.placement);
    }
    const loaded = await host.load(request.name, threadBytes(thread)(request.bytes), { hostImports: loads.hostImports });
    const value = thread.index === 0 ? (loaded.relocation?.placement(loaded.handle) ?? null) : null;
    return { id: request.id, ok: true, value };
  } catch (error) {
    api[THREAD_EXPORTS.resetLock]();
    return errorReply(request.id, error);
  } finally {
    if (request.kind === "load") thread.placements?.delete(request.name);
    api[THREAD_EXPORTS.leave]();
  }
}

/** Serves the loaded `host`: `post` sends a message to the host, `listen` receives its requests. */
export function serveThread(
  host: SharedHost,
  post: (reply: WorkerReply) => void,
  listen: (on: (request: WorkerRequest) => void) => void,
  loads: WorkerLoads,
): void {
  const api = host.runtime.exports as unknown as ThreadApi;
  api[THREAD_EXPORTS.leave]();
  let queue = Promise.resolve();
  const serve = async (request: WorkerRequest) => {
    const reply = request.kind === "load" || request.kind === "unload" ? await relocatable(host, api, loads, request) : run(host, api, request);
    try {
      post(reply);
    } catch (error) {
      // A result that cannot cross threads (an Owned handle, a function).
      const what = request.kind === "call" ? `${request.plugin}.${request.export}` : request.kind;
      post(errorReply(request.id, new Error(`the result of ${what} cannot be sent from its worker: ${(error as Error).message}`)));
    }
  };
  listen((request) => {
    // A failure past the replies (a trap in `leave`) fails the worker, as it would unqueued; the queue goes on.
    queue = queue
      .then(() => serve(request))
      .catch((error: unknown) =>
        queueMicrotask(() => {
          throw error;
        }),
      );
  });
  const global = (name: string) => ((host.runtime.exports as Record<string, WebAssembly.Global>)[name]?.value ?? 0) as number;
  const placements: Record<string, RelocationPlacement> = {};
  for (const name of host.pluginNames) {
    const plugin = host.plugin(name);
    if (plugin.relocation) placements[name] = plugin.relocation.placement(plugin.handle);
  }
  const ready: WorkerReady = { heapLive: global(RUNTIME_EXPORTS.heapLive), state: global(THREAD_EXPORTS.state), placements };
  post({ id: -1, ok: true, value: ready });
}
