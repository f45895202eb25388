/**
 * A threaded host: the project's runtime and every plugin instantiated on N workers over one
 * shared `WebAssembly.Memory` (a manifest built with `"threads"`). Worker 0 loads first (static
 * data, registration, start functions); the others then join (thread-join.ts). Calls are
 * asynchronous: each runs on one worker (round robin, or the one named), whose host lowers the
 * arguments and lifts the result there; the value crosses to this thread by structured clone.
 * Plugin globals are per worker (each instance has its own). Platform-neutral: the workers
 * come from load-threaded.ts (Node `worker_threads`) or load-threaded-browser.ts (Web Workers).
 */
import { THREAD_DEFAULT_MAXIMUM_PAGES, type Manifest } from "@shared-rt/abi";
import { hostError, LoadError, type SharedRtError } from "./errors.js";
import type { WorkerReady, WorkerReply, WorkerRequest } from "./thread-serve.js";

export interface ThreadedLoadOptions {
  /** Workers to start (at most the manifest's `threads.count`, its default). */
  threads?: number;
  /** See LoadOptions. */
  skipHashCheck?: boolean;
  /**
   * Minimal collector: how long `collect()` waits for every worker to be between calls before it
   * fails with `COLLECT_TIMEOUT` (ms; default {@link DEFAULT_COLLECT_TIMEOUT}, `Infinity`: no limit).
   */
  collectTimeout?: number;
  /**
   * Minimal collector: collect once the heap has grown by this many bytes since the last
   * collection, checked as each call returns (then as `collect()` does: the calls in flight
   * return first). Off by default, as on one thread, where only `collect()` collects. An
   * automatic collection that times out is skipped; the next check asks again.
   */
  collectEvery?: number;
}

/** Default of {@link ThreadedLoadOptions.collectTimeout}. */
export const DEFAULT_COLLECT_TIMEOUT = 10_000;

/** `collect()` gave up waiting for the workers to be between calls (minimal collector). */
export type CollectTimeout = SharedRtError & { readonly code: "COLLECT_TIMEOUT"; readonly worker: number };

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

/** A started worker, as the host talks to it (a Node Worker or a Web Worker behind it). */
export interface ThreadPort {
  post(message: unknown): void;
  /** Every message the worker sends. */
  onMessage(listener: (reply: WorkerReply) => void): void;
  /** The worker failed or exited. */
  onFailure(listener: (error: Error) => void): void;
  terminate(): Promise<unknown> | undefined;
}

type WorkerRequestBody = WorkerRequest extends infer R ? (R extends WorkerRequest ? Omit<R, "id"> : never) : never;

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  /** What it runs, for a COLLECT_TIMEOUT message. */
  what: string;
}

class WorkerLink {
  readonly pending = new Map<number, Pending>();
  /** Called whenever the last pending request settles (the worker is between calls). */
  onIdle: (() => void) | undefined;
  nextId = 1;
  addresses: WorkerReady | undefined;
  readonly ready: Promise<WorkerLink>;

  constructor(
    readonly port: ThreadPort,
    readonly index: number,
  ) {
    let started: Pending;
    this.ready = new Promise((resolve, reject) => {
      started = { resolve: resolve as (value: unknown) => void, reject, what: "start" };
    });
    port.onMessage((reply) => {
      if (reply.id === -1) {
        if (!reply.ok) return started.reject(new ThreadedCallError(index, reply.error));
        this.addresses = reply.value as WorkerReady;
        return started.resolve(this);
      }
      const pending = this.pending.get(reply.id);
      if (!pending) return;
      this.pending.delete(reply.id);
      if (reply.ok) pending.resolve(reply.value);
      else pending.reject(new ThreadedCallError(index, reply.error));
      if (this.pending.size === 0) this.onIdle?.();
    });
    port.onFailure((error) => {
      started.reject(error);
      for (const pending of this.pending.values()) pending.reject(error);
      this.pending.clear();
      this.onIdle?.();
    });
  }

  send(request: WorkerRequestBody): Promise<unknown> {
    const id = this.nextId++;
    const what = request.kind === "call" ? `${request.plugin}.${request.export}` : "collect";
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, what });
      this.port.post({ ...request, id });
    });
  }
}

export class ThreadedHost {
  #next = 0;
  /** Minimal collector: calls made while a collection waits or runs, started in order after the last one. */
  #held: (() => void)[] | undefined;
  /** Minimal collector: collections asked for and not finished; each runs after the one before. */
  #collections = 0;
  #lastCollection: Promise<void> = Promise.resolve();
  /** heapLive after the last collection this host ran (collectEvery counts from there). */
  #liveAfterCollect = 0;
  private constructor(
    readonly manifest: Manifest,
    /** The project's one memory, shared by every worker. */
    readonly memory: WebAssembly.Memory,
    private readonly links: WorkerLink[],
    private readonly heapLiveAt: number,
    /** Address of the runtime's state block (@shared-rt/abi threads.ts). */
    readonly stateAt: number,
    private readonly collectTimeout: number,
    private readonly collectEvery: number | undefined,
  ) {
    this.#liveAfterCollect = this.heapLive;
  }

  /** Workers running. */
  get threads(): number {
    return this.links.length;
  }

  /** Calls `pluginName.exportName` on the next worker in turn. */
  call(pluginName: string, exportName: string, ...args: unknown[]): Promise<unknown> {
    const link = this.links[this.#next];
    this.#next = (this.#next + 1) % this.links.length;
    return this.#send(link, { kind: "call", plugin: pluginName, export: exportName, args });
  }

  /** Calls `pluginName.exportName` on worker `worker`. */
  callOn(worker: number, pluginName: string, exportName: string, ...args: unknown[]): Promise<unknown> {
    const link = this.links[worker];
    if (!link) throw new RangeError(`no worker ${worker} (this host runs ${this.links.length})`);
    return this.#send(link, { kind: "call", plugin: pluginName, export: exportName, args });
  }

  /**
   * A full collection, run on worker `worker` with every other worker stopped. Under the minimal
   * collector, whose references live in wasm locals inside a call, no new call starts meanwhile:
   * it waits until every worker is between calls (at most `timeout` ms, else `COLLECT_TIMEOUT`,
   * and no collection), collects, and then the calls made meanwhile start, in order.
   */
  collect(worker = 0, options: { timeout?: number } = {}): Promise<void> {
    const link = this.links[worker];
    if (!link) throw new RangeError(`no worker ${worker} (this host runs ${this.links.length})`);
    if (this.manifest.collector !== "minimal") return link.send({ kind: "collect" }) as Promise<void>;
    this.#held ??= [];
    this.#collections++;
    const run = this.#lastCollection.then(async () => {
      await betweenCalls(this.links, options.timeout ?? this.collectTimeout);
      await link.send({ kind: "collect" });
      this.#liveAfterCollect = this.heapLive;
    });
    this.#lastCollection = run.catch(() => undefined);
    // Registered before the caller's continuation: the held calls start before any call made after.
    const finish = () => {
      if (--this.#collections > 0) return;
      const held = this.#held ?? [];
      this.#held = undefined;
      for (const start of held) start();
    };
    run.then(finish, finish);
    return run;
  }

  /** Sends now, or after the collections in progress (minimal collector). */
  #send(link: WorkerLink, request: WorkerRequestBody): Promise<unknown> {
    const held = this.#held;
    if (held) return new Promise((resolve, reject) => held.push(() => this.#send(link, request).then(resolve, reject)));
    const sent = link.send(request);
    if (this.collectEvery !== undefined) {
      const check = () => {
        if (!this.#held && this.heapLive - this.#liveAfterCollect >= this.collectEvery!) this.collect(link.index).catch(() => undefined);
      };
      sent.then(check, check);
    }
    return sent;
  }

  /** Bytes held by managed objects, read from the shared memory (exact when every worker is idle). */
  get heapLive(): number {
    return new Uint32Array(this.memory.buffer, this.heapLiveAt, 1)[0];
  }

  /** Stops every worker. */
  async close(): Promise<void> {
    await Promise.all(this.links.map((link) => link.port.terminate()));
  }

  /**
   * Starts the workers `spawn` makes (worker `index` over `memory`): worker 0 first, which
   * writes the static data and registers every plugin, then the others at once.
   */
  static async start(
    manifest: Manifest,
    name: string,
    options: ThreadedLoadOptions,
    spawn: (index: number, memory: WebAssembly.Memory) => ThreadPort,
  ): Promise<ThreadedHost> {
    const count = options.threads ?? manifest.threads?.count ?? 0;
    if (!manifest.threads)
      throw new LoadError("THREADS_UNSUPPORTED", undefined, `the project of '${name}' was not built for threads: set "threads" in shared-rt.json`);
    if (!Number.isInteger(count) || count < 1 || count > manifest.threads.count) {
      throw new LoadError("THREADS_UNSUPPORTED", undefined, `cannot start ${count} worker(s): the project was built for 1 to ${manifest.threads.count}`);
    }
    const memory = new WebAssembly.Memory({ initial: manifest.memory.initial, maximum: manifest.memory.maximum ?? THREAD_DEFAULT_MAXIMUM_PAGES, shared: true });
    const links: WorkerLink[] = [];
    const started = (index: number) => {
      const link = new WorkerLink(spawn(index, memory), index);
      links.push(link);
      return link.ready;
    };
    try {
      await started(0);
      await Promise.all(Array.from({ length: count - 1 }, (_, k) => started(k + 1)));
    } catch (error) {
      await Promise.all(links.map((link) => link.port.terminate()));
      throw error instanceof ThreadedCallError
        ? new LoadError((error.code as never) ?? "INSTANTIATE_FAILED", error.plugin, error.message, { cause: error })
        : error;
    }
    const { heapLive, state } = links[0].addresses!;
    const collectEvery = manifest.collector === "minimal" ? options.collectEvery : undefined;
    return new ThreadedHost(manifest, memory, links, heapLive, state, options.collectTimeout ?? DEFAULT_COLLECT_TIMEOUT, collectEvery);
  }
}

/**
 * Resolves once no worker has a request in flight (every one between calls), or fails after
 * `timeout` ms with COLLECT_TIMEOUT naming the workers still in a call and what they run: a call
 * blocked on a `Condition` that only a later call would signal never returns while calls wait.
 */
function betweenCalls(links: WorkerLink[], timeout: number): Promise<void> {
  const busy = () => links.filter((link) => link.pending.size > 0);
  if (busy().length === 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const done = () => {
      for (const link of links) link.onIdle = undefined;
      clearTimeout(timer);
    };
    const check = () => {
      if (busy().length) return;
      done();
      resolve();
    };
    const timer = Number.isFinite(timeout)
      ? setTimeout(() => {
          const still = busy();
          done();
          const calls = still.map((link) => `worker ${link.index} (${[...link.pending.values()].map((p) => p.what).join(", ")})`).join("; ");
          const error = Object.assign(
            hostError("COLLECT_TIMEOUT", `collect() waited ${timeout} ms for every worker to be between calls (minimal collector); still in a call: ${calls}`),
            { worker: still[0].index },
          );
          reject(error as CollectTimeout);
        }, timeout)
      : undefined;
    for (const link of links) link.onIdle = check;
  });
}
