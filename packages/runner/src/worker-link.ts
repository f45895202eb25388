/**
 * The threaded host's side of one worker (threaded-host.ts): requests sent by message and
 * matched with their replies, a gate that holds requests while a relocatable plugin loads on
 * every worker, and the wait until every worker is between calls that a collection under the
 * minimal collector needs.
 */
import { hostError, type SharedRtError } from "./errors.js";
import type { WorkerReady, WorkerReply, WorkerRequest } from "./thread-serve.js";

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

export type WorkerRequestBody = WorkerRequest extends infer R ? (R extends WorkerRequest ? Omit<R, "id"> : never) : never;

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  /** What it runs, for a COLLECT_TIMEOUT message. */
  what: string;
}

export class WorkerLink {
  readonly pending = new Map<number, Pending>();
  /** Called whenever the last pending request settles (the worker is between calls). */
  onIdle: (() => void) | undefined;
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
    this.onIdle?.();
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
    const what = request.kind === "call" ? `${request.plugin}.${request.export}` : "collect";
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, what });
      this.port.post({ ...request, id });
    });
  }
}

/**
 * Resolves once no worker has a request in flight (every one between calls), or fails after
 * `timeout` ms with COLLECT_TIMEOUT naming the workers still in a call and what they run: a call
 * blocked on a `Condition` that only a later call would signal never returns while calls wait.
 */
export function betweenCalls(links: WorkerLink[], timeout: number): Promise<void> {
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
