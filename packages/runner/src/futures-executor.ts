/**
 * The host's executor of futures (@shared-rt/futures). A task is a future the host awaits (the
 * result of a `host.call` whose export returns `Future<T>`, or `host.awaitFuture`): the future
 * and the task's Waker are pinned while it is pending, so a future only the host still refers
 * to survives any collection. A source is a future the host made for a host function's Promise:
 * pinned until the Promise settles or a plugin drops the future.
 *
 * Wakers only set a flag (no import): after every call into wasm (call-export.ts), after each
 * poll and when a Promise settles, the executor looks at its wakers and, if one was woken,
 * schedules a run in a microtask. A run polls each woken task through `FutureBase#poll`, which
 * a plugin's override stub dispatches to the plugin that owns the future's class.
 */
import { FUTURE_POLL_METHOD, FUTURE_STATES } from "@shared-rt/abi";
import type { AsType } from "./as-types.js";
import { PluginCallError, SharedRtError, ValueError } from "./errors.js";
import { failFuture, futureError, futureState, futureValue, isWoken, clearWoken, newFuture, newWaker, resolveFuture } from "./future-values.js";
import type { HostContext, HostFace } from "./host-context.js";
import type { Site } from "./value-messages.js";

interface Task {
  future: number;
  waker: number;
  type: AsType;
  /** The plugin and export the future came from, for errors. */
  plugin: string;
  what: string;
  polled: boolean;
  resolve(value: unknown): void;
  reject(error: Error): void;
}

interface Source {
  type: AsType;
  site: Site;
}

/** Polls in one run before the executor yields to the event loop (a future that always wakes itself). */
const POLLS_PER_RUN = 10_000;

const executors = new WeakMap<HostContext<HostFace>, FuturesExecutor>();

/** The executor of a host, made on first use. */
export function executorOf(ctx: HostContext<HostFace>): FuturesExecutor {
  let executor = executors.get(ctx);
  if (!executor) {
    executor = new FuturesExecutor(ctx);
    executors.set(ctx, executor);
  }
  return executor;
}

/** After wasm ran for the host: lets the executor see wakers woken by that code. */
export function afterWasm(ctx: HostContext<HostFace>): void {
  executors.get(ctx)?.notice();
}

export class FuturesExecutor {
  private readonly tasks = new Set<Task>();
  private readonly sources = new Map<number, Source>();
  private scheduled = false;
  private poller: { plugin: string; fn: (future: number, waker: number) => number } | undefined;

  constructor(private readonly ctx: HostContext<HostFace>) {}

  /** Futures the host awaits and futures it will complete, pending now. */
  get pending(): { tasks: number; sources: number } {
    return { tasks: this.tasks.size, sources: this.sources.size };
  }

  /** A Promise of the converted value of the future at `ptr`, of type `Future<type>`. */
  await(ptr: number, type: AsType, plugin: string, what: string): Promise<unknown> {
    if (!ptr) return Promise.reject(new PluginCallError("BAD_ARGUMENT", plugin, what, `${plugin}.${what} gave null, not a future`));
    const ctx = this.ctx;
    ctx.pins.pin(ptr);
    let waker: number;
    try {
      waker = ctx.calls.run(plugin, what, () => newWaker(ctx, plugin));
    } catch (error) {
      ctx.pins.unpin(ptr);
      return Promise.reject(error);
    }
    ctx.pins.pin(waker);
    return new Promise((resolve, reject) => {
      this.tasks.add({ future: ptr, waker, type, plugin, what, polled: false, resolve, reject });
      this.schedule();
    });
  }

  /**
   * A pending `Future<type>` that `promise` completes (a value converted by `type`; a rejection
   * fails it with the error's message). Returned unpinned to the plugin; the executor keeps it.
   */
  fromPromise(promise: unknown, type: AsType, plugin: string, site: Site): number {
    const ptr = newFuture(this.ctx, type, plugin);
    this.ctx.pins.pin(ptr);
    this.sources.set(ptr, { type, site });
    Promise.resolve(promise).then(
      (value) => this.settle(ptr, true, value),
      (error: unknown) => this.settle(ptr, false, error),
    );
    return ptr;
  }

  /** Schedules a run if wasm woke a task's waker or dropped a source. */
  notice(): void {
    if (this.scheduled) return;
    if (this.needsRun()) this.schedule();
  }

  private needsRun(): boolean {
    for (const task of this.tasks) if (isWoken(this.ctx, task.waker)) return true;
    for (const ptr of this.sources.keys()) if (futureState(this.ctx, ptr) !== FUTURE_STATES.pending) return true;
    return false;
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => this.run());
  }

  private run(): void {
    this.scheduled = false;
    let polls = 0;
    for (let progressed = true; progressed; ) {
      progressed = false;
      this.releaseDropped();
      for (const task of [...this.tasks]) {
        if (task.polled && !isWoken(this.ctx, task.waker)) continue;
        if (++polls > POLLS_PER_RUN) {
          this.scheduled = true;
          setTimeout(() => this.run(), 0);
          return;
        }
        task.polled = true;
        clearWoken(this.ctx, task.waker);
        this.poll(task);
        progressed = true;
      }
    }
  }

  /** A source a plugin dropped (cancelled) is let go: its Promise's result will be ignored. */
  private releaseDropped(): void {
    for (const ptr of [...this.sources.keys()]) {
      if (futureState(this.ctx, ptr) === FUTURE_STATES.pending) continue;
      this.sources.delete(ptr);
      this.ctx.pins.unpin(ptr);
    }
  }

  private poll(task: Task): void {
    const ctx = this.ctx;
    let done: boolean;
    try {
      const poller = this.pollFunction(task);
      done = ctx.calls.run(task.plugin, task.what, () => poller(task.future, task.waker)) !== 0;
    } catch (error) {
      this.end(task);
      task.reject(error as Error);
      return;
    }
    if (!done) return;
    const state = futureState(ctx, task.future);
    try {
      if (state === FUTURE_STATES.pending) {
        throw new PluginCallError(
          "FUTURE_FAILED",
          task.plugin,
          task.what,
          `the future of ${task.plugin}.${task.what} said it was done while still pending (its poll returned true)`,
        );
      }
      if (state === FUTURE_STATES.ready) task.resolve(futureValue(ctx, task.future, task.type));
      else task.reject(this.failure(task, state));
    } catch (error) {
      task.reject(error as Error);
    } finally {
      this.end(task);
    }
  }

  private failure(task: Task, state: number): Error {
    const message = futureError(this.ctx, task.future);
    const of = `the future of ${task.plugin}.${task.what}`;
    if (state === FUTURE_STATES.cancelled) return new PluginCallError("FUTURE_CANCELLED", task.plugin, task.what, `${of} was cancelled: ${message}`);
    return new PluginCallError("FUTURE_FAILED", task.plugin, task.what, `${of} failed: ${message}`);
  }

  private end(task: Task): void {
    this.tasks.delete(task);
    this.ctx.pins.unpin(task.future);
    this.ctx.pins.unpin(task.waker);
  }

  /** Completes a source when its Promise settles (unless a plugin dropped it meanwhile). */
  private settle(ptr: number, fulfilled: boolean, result: unknown): void {
    const source = this.sources.get(ptr);
    if (!source) return;
    this.sources.delete(ptr);
    const ctx = this.ctx;
    try {
      if (futureState(ctx, ptr) !== FUTURE_STATES.pending) return;
      // Lowering the value allocates: guarded like a call, so a trap in the runtime is reported.
      ctx.calls.run(source.site.plugin ?? "host", "(a host Promise settling)", () => {
        if (!fulfilled) {
          failFuture(ctx, ptr, messageOf(result), source.site);
          return;
        }
        try {
          resolveFuture(ctx, ptr, source.type, result, source.site);
        } catch (error) {
          // A value that does not fit the declaration fails the future, naming both.
          if (!(error instanceof ValueError)) throw error;
          failFuture(ctx, ptr, error.message, source.site);
        }
      });
    } catch (error) {
      this.ctx.log(`a host Promise's result could not be given to its future: ${messageOf(error)}`);
    } finally {
      ctx.pins.unpin(ptr);
    }
    this.schedule();
  }

  /** `FutureBase#poll` through any loaded plugin's override stub, linked or relocatable (it dispatches to the future's owner). */
  private pollFunction(task: Task): (future: number, waker: number) => number {
    const known = this.poller;
    if (known && this.ctx.plugins.has(known.plugin)) return known.fn;
    for (const plugin of this.ctx.plugins.values()) {
      // A relocatable plugin's records are in its layout section, placed at load (plugin.dispatch).
      const stub = (plugin.dispatch ?? plugin.manifest.dispatch)?.stubs.find((s) => s.method === FUTURE_POLL_METHOD && s.slot !== undefined);
      if (!stub) continue;
      const fn = this.ctx.table.get(stub.slot!) as (future: number, waker: number) => number;
      this.poller = { plugin: plugin.name, fn };
      return fn;
    }
    throw new PluginCallError(
      "MISSING_OVERRIDE",
      task.plugin,
      task.what,
      `no loaded plugin compiled ${FUTURE_POLL_METHOD}, so the host cannot poll the future of ${task.plugin}.${task.what}`,
    );
  }
}

/** A rejection's message (an Error's, or the value as text). */
function messageOf(error: unknown): string {
  if (error instanceof SharedRtError || error instanceof Error) return error.message;
  return String(error);
}
