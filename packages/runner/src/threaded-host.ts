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
import { threadedHeapLive } from "./thread-heap-live.js";
import { betweenCalls, type ThreadPort, ThreadedCallError, WorkerLink, type WorkerRequestBody } from "./worker-link.js";

export { type CollectTimeout, type ThreadPort, ThreadedCallError } from "./worker-link.js";

export interface ThreadedLoadOptions {
  /** Workers to start (at most the manifest's `threads.count`, its default). */
  threads?: number;
  /** See LoadOptions. */
  skipHashCheck?: boolean;
  /**
   * Plugins to load isolated, besides those the manifest marks (see LoadOptions): each worker
   * then has its own instance of each, over its own private memory.
   */
  isolate?: string[];
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

export class ThreadedHost {
  #next = 0;
  /** Loads and unloads of relocatable plugins, one after another. */
  #exclusive: Promise<unknown> = Promise.resolve();
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
    return threadedHeapLive(this.memory, this.heapLiveAt, this.stateAt);
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
    const collectEvery = manifest.collector === "minimal" ? options.collectEvery : undefined;
    return new ThreadedHost(manifest, memory, links, heapLive, state, options.collectTimeout ?? DEFAULT_COLLECT_TIMEOUT, collectEvery);
  }
}
