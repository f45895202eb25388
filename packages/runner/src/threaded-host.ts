/**
 * A threaded host (Node): the project's runtime and every plugin instantiated on N
 * `worker_threads` over one shared `WebAssembly.Memory` (a manifest built with `"threads"`).
 * Worker 0 loads first (static data, registration, start functions); the others then join
 * (thread-join.ts). Calls are asynchronous: each runs on one worker (round robin, or the one
 * named), whose host lowers the arguments and lifts the result there; the value crosses to
 * this thread by structured clone. Plugin globals are per worker (each instance has its own).
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { THREAD_DEFAULT_MAXIMUM_PAGES, type Manifest } from "@shared-rt/abi";
import { checkManifest } from "./check-manifest.js";
import { LoadError } from "./errors.js";
import type { WorkerReady, WorkerReply, WorkerRequest, WorkerStart } from "./thread-worker.js";

export interface ThreadedLoadOptions {
  /** Workers to start (at most the manifest's `threads.count`, its default). */
  threads?: number;
  /** See LoadProjectOptions. */
  skipHashCheck?: boolean;
}

/** An error a worker reported, with the code and plugin of the error it caught there. */
export class ThreadedCallError extends Error {
  readonly code: string | undefined;
  readonly plugin: string | undefined;
  readonly worker: number;
  constructor(worker: number, error: { name: string; code?: string; plugin?: string; message: string }) {
    super(error.message);
    this.name = error.name;
    this.code = error.code;
    this.plugin = error.plugin;
    this.worker = worker;
  }
}

type WorkerRequestBody = WorkerRequest extends infer R ? (R extends WorkerRequest ? Omit<R, "id"> : never) : never;

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

class WorkerLink {
  readonly pending = new Map<number, Pending>();
  nextId = 1;
  constructor(
    readonly worker: Worker,
    readonly index: number,
    /** The runtime's addresses its first message told. */
    readonly addresses: WorkerReady,
  ) {
    worker.on("message", (reply: WorkerReply) => {
      const pending = this.pending.get(reply.id);
      if (!pending) return;
      this.pending.delete(reply.id);
      if (reply.ok) pending.resolve(reply.value);
      else pending.reject(new ThreadedCallError(index, reply.error));
    });
    worker.on("error", (error) => this.failAll(error));
    worker.on("exit", (code) => this.failAll(new Error(`worker ${index} exited (code ${code})`)));
  }

  private failAll(error: Error): void {
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
  }

  send(request: WorkerRequestBody): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...request, id });
    });
  }

  /** Resolves when the worker has loaded the project (its first message). */
  static started(worker: Worker, index: number): Promise<WorkerLink> {
    return new Promise((resolve, reject) => {
      const onMessage = (reply: WorkerReply) => {
        worker.off("error", reject);
        if (reply.ok) resolve(new WorkerLink(worker, index, reply.value as WorkerReady));
        else reject(new ThreadedCallError(index, reply.error));
      };
      worker.once("message", onMessage);
      worker.once("error", reject);
    });
  }
}

export class ThreadedHost {
  #next = 0;
  private constructor(
    readonly manifest: Manifest,
    /** The project's one memory, shared by every worker. */
    readonly memory: WebAssembly.Memory,
    private readonly links: WorkerLink[],
    private readonly heapLiveAt: number,
    /** Address of the runtime's state block (@shared-rt/abi threads.ts). */
    readonly stateAt: number,
  ) {}

  /** Workers running. */
  get threads(): number {
    return this.links.length;
  }

  /** Calls `pluginName.exportName` on the next worker in turn. */
  call(pluginName: string, exportName: string, ...args: unknown[]): Promise<unknown> {
    const link = this.links[this.#next];
    this.#next = (this.#next + 1) % this.links.length;
    return link.send({ kind: "call", plugin: pluginName, export: exportName, args });
  }

  /** Calls `pluginName.exportName` on worker `worker`. */
  callOn(worker: number, pluginName: string, exportName: string, ...args: unknown[]): Promise<unknown> {
    const link = this.links[worker];
    if (!link) throw new RangeError(`no worker ${worker} (this host runs ${this.links.length})`);
    return link.send({ kind: "call", plugin: pluginName, export: exportName, args });
  }

  /** A full collection, run on worker `worker` with every other worker stopped. */
  collect(worker = 0): Promise<void> {
    return this.links[worker].send({ kind: "collect" }) as Promise<void>;
  }

  /** Bytes held by managed objects, read from the shared memory (exact when every worker is idle). */
  get heapLive(): number {
    return new Uint32Array(this.memory.buffer, this.heapLiveAt, 1)[0];
  }

  /** Stops every worker. */
  async close(): Promise<void> {
    await Promise.all(this.links.map((link) => link.worker.terminate()));
  }

  static async start(manifest: Manifest, manifestPath: string, options: ThreadedLoadOptions = {}): Promise<ThreadedHost> {
    const count = options.threads ?? manifest.threads?.count ?? 0;
    if (!manifest.threads)
      throw new LoadError("THREADS_UNSUPPORTED", undefined, `the project of '${manifestPath}' was not built for threads: set "threads" in shared-rt.json`);
    if (!Number.isInteger(count) || count < 1 || count > manifest.threads.count) {
      throw new LoadError("THREADS_UNSUPPORTED", undefined, `cannot start ${count} worker(s): the project was built for 1 to ${manifest.threads.count}`);
    }
    const memory = new WebAssembly.Memory({ initial: manifest.memory.initial, maximum: manifest.memory.maximum ?? THREAD_DEFAULT_MAXIMUM_PAGES, shared: true });
    const script = new URL("./thread-worker.js", import.meta.url);
    const spawn = (index: number) => {
      const workerData: WorkerStart = { manifestPath: path.resolve(manifestPath), memory, index, skipHashCheck: options.skipHashCheck };
      const worker = new Worker(script, { workerData });
      return WorkerLink.started(worker, index).catch(async (error) => {
        await worker.terminate();
        throw error;
      });
    };
    const links: WorkerLink[] = [];
    try {
      // Worker 0 writes the static data and registers every plugin; the others join after it.
      links.push(await spawn(0));
      links.push(...(await Promise.all(Array.from({ length: count - 1 }, (_, k) => spawn(k + 1)))));
    } catch (error) {
      await Promise.all(links.map((link) => link.worker.terminate()));
      throw error instanceof ThreadedCallError
        ? new LoadError((error.code as never) ?? "INSTANTIATE_FAILED", error.plugin, error.message, { cause: error })
        : error;
    }
    const { heapLive, state } = links[0].addresses;
    return new ThreadedHost(manifest, memory, links, heapLive, state);
  }
}

/** Loads a project built with `"threads"` on worker threads (Node). */
export async function loadThreaded(manifestPath: string, options: ThreadedLoadOptions = {}): Promise<ThreadedHost> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(manifestPath, "utf8"));
  } catch (error) {
    throw new LoadError("MISSING_MANIFEST", undefined, `cannot read the manifest '${manifestPath}': ${(error as Error).message}`, { cause: error });
  }
  return ThreadedHost.start(checkManifest(parsed, manifestPath), manifestPath, options);
}
