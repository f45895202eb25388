/**
 * One worker of a threaded host joining the project (load-project.ts with `thread` set): its
 * files as it must instantiate them, the runtime's per-worker import (its shadow-stack limit),
 * and the runtime made this worker's (initialized once by worker 0, then attached).
 */
import { RUNTIME_GLOBAL_NAMES, THREAD_DEFAULT_MAXIMUM_PAGES, THREAD_EXPORTS, THREAD_IMPORTS, THREAD_NAMESPACE, type Manifest } from "@shared-rt/abi";
import { LoadError } from "./errors.js";
import type { ThreadJoin } from "./load-options.js";
import { withoutActiveData, withSharedMemoryImport } from "./thread-modules.js";

/** Worker k's shadow-stack region: [limit, top). */
export function stackRegion(manifest: Manifest, index: number): { top: number; limit: number } {
  const threads = threadsOf(manifest);
  const top = manifest.runtime.stackTop - index * threads.stackSize;
  return { top, limit: top - threads.stackSize };
}

function threadsOf(manifest: Manifest): NonNullable<Manifest["threads"]> {
  if (!manifest.threads) {
    throw new LoadError("THREADS_UNSUPPORTED", undefined, 'the project was not built for threads: set "threads" in shared-rt.json and build it again');
  }
  return manifest.threads;
}

/**
 * Refuses what a threaded host cannot load: a worker index out of range. Isolated plugins load
 * on every worker, each worker with an instance of its own ({@link isolatedThread}).
 */
export function checkThreaded(manifest: Manifest, thread: ThreadJoin): void {
  const { count } = threadsOf(manifest);
  if (!Number.isInteger(thread.index) || thread.index < 0 || thread.index >= count) {
    throw new LoadError("THREADS_UNSUPPORTED", undefined, `worker ${thread.index} does not exist: the project was built for ${count} thread(s)`);
  }
}

/**
 * How a worker of a threaded host loads an isolated plugin: as worker 0 of a threaded host of
 * its own, alone over a fresh private shared memory. The project's runtime module is the
 * threaded one (it imports a shared memory and must be attached as a thread), so the child is a
 * one-thread instance of it: it writes its own static data, runs the runtime's initialization,
 * and collects over its own stack and globals only. Every worker makes its own: the isolated
 * plugin's heap and globals are per worker, as a plugin global is.
 */
export function isolatedThread(manifest: Manifest): ThreadJoin {
  const maximum = manifest.memory.maximum ?? THREAD_DEFAULT_MAXIMUM_PAGES;
  try {
    return { memory: new WebAssembly.Memory({ initial: manifest.memory.initial, maximum, shared: true }), index: 0, placements: new Map() };
  } catch (error) {
    const pages = `${manifest.memory.initial} pages (maximum ${maximum})`;
    throw new LoadError(
      "INSTANTIATE_FAILED",
      undefined,
      `cannot create an isolated plugin's shared memory of ${pages} on this worker: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
}

/** What {@link collectWorker} needs of a worker's host (a SharedHost is one). */
interface CollectingHost {
  collect(): void;
  readonly pluginNames: string[];
  hostOf(pluginName: string): { collect(): void };
}

/**
 * A `ThreadedHost.collect(worker)` on this worker: the shared heap (every other worker
 * stopped), then each isolated plugin's instance of this worker, alone in its own memory. The
 * instances are between calls here (this worker runs nothing else), which the minimal
 * collector needs: without this, nothing would ever collect them under it.
 */
export function collectWorker(host: CollectingHost): void {
  host.collect();
  for (const name of host.pluginNames) {
    const own = host.hostOf(name);
    if (own !== host) own.collect();
  }
}

/** A project built for threads needs a shared memory: loaded otherwise, its runtime would not link. */
export function refuseUnthreaded(manifest: Manifest): never {
  throw new LoadError(
    "THREADS_UNSUPPORTED",
    undefined,
    `the project was built for threads ("threads": ${manifest.threads?.count}): load it with loadThreaded (@shared-rt/runner/node), or build it without "threads"`,
  );
}

/** The bytes worker `index` instantiates: memory imports shared; after worker 0, no static data written. */
export function threadBytes(thread: ThreadJoin): (bytes: Uint8Array) => Uint8Array {
  return (bytes) => {
    const shared = withSharedMemoryImport(bytes);
    return thread.index === 0 ? shared : withoutActiveData(shared);
  };
}

/** The threaded runtime's import of this worker's stack limit. */
export function threadImports(manifest: Manifest, thread: ThreadJoin): WebAssembly.Imports {
  const { limit } = stackRegion(manifest, thread.index);
  return { [THREAD_NAMESPACE]: { [THREAD_IMPORTS.stackLimit]: new WebAssembly.Global({ value: "i32", mutable: false }, limit) } };
}

type ThreadRuntime = Record<string, unknown> & { [RUNTIME_GLOBAL_NAMES.stackPointer]: WebAssembly.Global };

/** Makes the runtime instance this worker's: worker 0 runs its initialization first; each attaches with its stack. */
export function attachThread(runtime: WebAssembly.Instance, manifest: Manifest, thread: ThreadJoin): void {
  const rt = runtime.exports as ThreadRuntime;
  const fn = (name: string) => {
    const value = rt[name];
    if (typeof value !== "function")
      throw new LoadError("BAD_MODULE", undefined, `the runtime '${manifest.runtime.file}' is not a threaded runtime: it does not export ${name}`);
    return value as (...args: number[]) => void;
  };
  const { top } = stackRegion(manifest, thread.index);
  if (thread.index === 0) fn(THREAD_EXPORTS.init)();
  rt[RUNTIME_GLOBAL_NAMES.stackPointer].value = top;
  fn(THREAD_EXPORTS.attach)(thread.index, top);
}
