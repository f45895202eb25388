/**
 * The threaded runtime with the minimal collector (`buildRuntime({ collector: "minimal",
 * threads })`): what differs from make-runtime-threaded.ts, which does the rest (entry points
 * under the mutex, the state block, finishThreaded).
 *
 * Minimal plugins have no shadow stack: inside a call their references live in wasm locals,
 * which no other worker can read. So a collection runs only when every other worker is between
 * calls: __collect stops the world as the incremental build's does (threads.ts), but no point
 * inside a call parks (assembly/threads-minimal.ts: the poll does nothing, a wait counts as
 * running), and the minimal collector never collects on its own (its __new has no step). The
 * roots: the runtime's globals (the collector's lists, pins included, are in the state block),
 * this worker's plugin globals, and the plugin globals every other worker recorded when it
 * went idle. No stack is scanned.
 */
import type { Binaryen, Module } from "./asc/binaryen-helpers.js";
import { RuntimeBuildError } from "./runtime-build-error.js";
import { fail, replaceBody, rewireBothCollectors, takeThreadExports, type ThreadHooks } from "./make-runtime-threaded.js";
import { prepareArena } from "./arena-new.js";
import type { RuntimeFaults } from "./wrap-collector-hooks.js";

const TCMS = "~lib/rt/tcms/";

/** Whether `module` is compiled with the minimal collector (the threaded-minimal.ts entry). */
export function isMinimalCollector(module: Module): boolean {
  return module.getFunction(`${TCMS}__new`) !== 0;
}

/** prepareThreaded for the minimal collector: the collector rewired, the thread API set aside. */
export function prepareThreadedMinimal(binaryen: Binaryen, module: Module, faults: RuntimeFaults = {}): { hooks: ThreadHooks; api: Map<string, string> } {
  const { i32 } = binaryen;
  if (faults.threadsOwnStackOnly) {
    throw new RuntimeBuildError(
      "BAD_OPTIONS",
      "shared-rt threaded runtime build: the minimal collector scans no stack, so the fault threadsOwnStackOnly means nothing",
    );
  }
  const { hook, api } = takeThreadExports(binaryen, module);
  const skipRecorded = "threads/faultSkipRecordedRoots";
  if (!module.getGlobal(skipRecorded)) fail(`no global '${skipRecorded}'`);
  if (faults.threadsSkipRecordedRoots) {
    module.removeGlobal(skipRecorded);
    module.addGlobal(skipRecorded, i32, false, module.i32.const(1));
  }
  const hooks = rewireBothCollectors(binaryen, module, TCMS, hook, api);
  if (!faults.threadsLockOnly) {
    // The block caches' fast __new polls first (threads.ts): no safepoint inside a call here.
    const poll = "threads/__shared_thread_poll";
    if (!module.getFunction(poll)) fail(`no function '${poll}'`);
    replaceBody(binaryen, module, poll, () => module.nop());
    prepareArena(binaryen, module, hook, faults.threadsKeepArenas);
  }
  return { hooks, api };
}
