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
import { LoadError } from "./errors.js";
import type { RelocationPlacement } from "./load-relocatable.js";
import type { WorkerReady, WorkerReply, WorkerRequest } from "./thread-serve.js";

export interface ThreadedLoadOptions {
  /** Workers to start (at most the manifest's `threads.count`, its default). */
  threads?: number;
  /** See LoadOptions. */
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
}

class WorkerLink {
  readonly pending = new Map<number, Pending>();
  nextId = 1;
  addresses: WorkerReady | undefined;
  readonly ready: Promise<WorkerLink>;
  /** While set, requests wait for it (a relocatable plugin is being loaded on every worker). */
  gate: Promise<void> | undefined;
  /** Told when no request is in flight. */
  private idlers: (() => void)[] = [];

  constructor(
    readonly port: ThreadPort,
    readonly index: number,
  ) {
    let started: Pending;
    this.ready = new Promise((resolve, reject) => {
      started = { resolve: resolve as (value: unknown) => void, reject };
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
      this.tellIdle();
    });
    port.onFailure((error) => {
      started.reject(error);
      for (const pending of this.pending.values()) pending.reject(error);
      this.pending.clear();
      this.tellIdle();
    });
  }

  private tellIdle(): void {
    if (this.pending.size) return;
    for (const idle of this.idlers.splice(0)) idle();
  }

  /** Resolves once no request of this link is in flight. */
  idle(): Promise<void> {
    return this.pending.size ? new Promise((resolve) => this.idlers.push(resolve)) : Promise.resolve();
  }

  send(request: WorkerRequestBody): Promise<unknown> {
    const gate = this.gate;
    return gate ? gate.then(() => this.send(request)) : this.sendNow(request);
  }

  /** Sends past the gate (the load that set it). */
  sendNow(request: WorkerRequestBody): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.port.post({ ...request, id });
    });
  }
}

export class ThreadedHost {
  #next = 0;
  /** Loads and unloads of relocatable plugins, one after another. */
  #exclusive: Promise<unknown> = Promise.resolve();
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
    await Promise.all(this.links.map((link) => link.port.terminate()));
  }

  // Relocatable plugins at run time (load-relocatable.ts). Worker 0 places the plugin once in
  // the shared memory (static data written and relocated once, registered with the runtime
  // once) and runs its start function; then every other worker instantiates it over those
  // statics, its table grown the same way (the same slots, checked), and runs its start
  // function for its own plugin globals. All of it with every worker between calls.

  /**
   * Loads relocatable plugin `bytes` as `name` on every worker; resolves when every worker can
   * call it. Calls in flight finish first, and calls made meanwhile start after the load (so a
   * call in flight that waits for a later call waits for it to start after the load: keep no
   * such call pending while loading). Host imports come from the project's host module. If a
   * worker after the first fails, the plugin is unloaded from the others and the error is thrown.
   */
  load(name: string, bytes: Uint8Array): Promise<void> {
    return this.#betweenCalls(async () => {
      const [first, ...others] = this.links;
      const placement = await first.sendNow({ kind: "load", name, bytes });
      const joined = await Promise.allSettled(others.map((link) => link.sendNow({ kind: "load", name, bytes, placement: placement as RelocationPlacement })));
      const failed = joined.find((r) => r.status === "rejected");
      if (!failed) return;
      const loaded = [first, ...others.filter((_, k) => joined[k].status === "fulfilled")];
      await Promise.allSettled(loaded.map((link) => link.sendNow({ kind: "unload", name })));
      throw failed.reason;
    });
  }

  /** Unloads relocatable plugin `name` from every worker (as SharedHost.unload: refused while another plugin imports from it). */
  unload(name: string): Promise<void> {
    return this.#betweenCalls(async () => {
      // Worker 0 first: a refusal (IN_USE) leaves every worker as it was.
      const [first, ...others] = this.links;
      await first.sendNow({ kind: "unload", name });
      await Promise.all(others.map((link) => link.sendNow({ kind: "unload", name })));
    });
  }

  /** Runs `job` with every worker between calls: requests in flight finish first, later ones wait for it. */
  #betweenCalls(job: () => Promise<void>): Promise<void> {
    // Closed now: a call made right after load() returns already waits for it.
    let open!: () => void;
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    for (const link of this.links) link.gate = gate;
    const run = this.#exclusive.then(async () => {
      try {
        await Promise.all(this.links.map((link) => link.idle()));
        await job();
      } finally {
        for (const link of this.links) if (link.gate === gate) link.gate = undefined;
        open();
      }
    });
    this.#exclusive = run.catch(() => {});
    return run;
  }

  /**
   * Starts the workers `spawn` makes (worker `index` over `memory`): worker 0 first, which
   * writes the static data and registers every plugin, then the others at once.
   */
  static async start(
    manifest: Manifest,
    name: string,
    options: ThreadedLoadOptions,
    spawn: (index: number, memory: WebAssembly.Memory, placements: Record<string, RelocationPlacement>) => ThreadPort,
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
      // The relocatable plugins of the manifest: the others place them where worker 0 did.
      const link = new WorkerLink(spawn(index, memory, links[0]?.addresses?.placements ?? {}), index);
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
    return new ThreadedHost(manifest, memory, links, heapLive, state);
  }
}
