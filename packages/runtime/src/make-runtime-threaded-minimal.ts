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
import { RECORD_ROOTS_COOKIE, THREAD_EXPORTS, THREAD_IMPORTS, THREAD_NAMESPACE } from "@shared-rt/abi";
import type { Binaryen, Module } from "./asc/binaryen-helpers.js";
import { RuntimeBuildError } from "./runtime-build-error.js";
import { API, fail, HOOKS, replaceBody, STACK_LIMIT, takeExport, type ThreadHooks } from "./make-runtime-threaded.js";
import type { RuntimeFaults } from "./wrap-collector-hooks.js";

const TCMS = "~lib/rt/tcms/";

/** Whether `module` is compiled with the minimal collector (the threaded-minimal.ts entry). */
export function isMinimalCollector(module: Module): boolean {
  return module.getFunction(`${TCMS}__new`) !== 0;
}

/** prepareThreaded for the minimal collector: the collector rewired, the thread API set aside. */
export function prepareThreadedMinimal(binaryen: Binaryen, module: Module, faults: RuntimeFaults = {}): { hooks: ThreadHooks; api: Map<string, string> } {
  const { i32, none } = binaryen;
  if (faults.threadsOwnStackOnly) {
    throw new RuntimeBuildError(
      "BAD_OPTIONS",
      "shared-rt threaded runtime build: the minimal collector scans no stack, so the fault threadsOwnStackOnly means nothing",
    );
  }
  const hook = Object.fromEntries(Object.entries(HOOKS).map(([k, name]) => [k, takeExport(binaryen, module, name)])) as Record<keyof typeof HOOKS, string>;
  const api = new Map(API.map((name) => [name, takeExport(binaryen, module, name)]));
  const arg = (k: number) => module.local.get(k, i32);
  const skipRecorded = "threads/faultSkipRecordedRoots";
  if (!module.getGlobal(skipRecorded)) fail(`no global '${skipRecorded}'`);
  if (faults.threadsSkipRecordedRoots) {
    module.removeGlobal(skipRecorded);
    module.addGlobal(skipRecorded, i32, false, module.i32.const(1));
  }
  // A worker going idle visits its plugin globals with the cookie: recorded, not marked.
  replaceBody(binaryen, module, `${TCMS}__visit`, (own) =>
    module.if(module.i32.eq(arg(1), module.i32.const(RECORD_ROOTS_COOKIE)), module.call(hook.record, [arg(0)], none), module.call(own, [arg(0), arg(1)], none)),
  );
  replaceBody(binaryen, module, "~lib/rt/__visit_globals", (own) =>
    module.block(null, [module.call(own, [arg(0)], none), module.call(hook.visitRecorded, [arg(0)], none)], none),
  );
  // __collect from outside: every other worker idle (or parked in its own __collect) first.
  module.removeExport("__collect");
  module.addFunction("shared-rt/threads:__collect", none, none, [], module.drop(module.call(hook.collect, [], i32)));
  module.addFunctionExport("shared-rt/threads:__collect", "__collect");
  // The per-worker stack limit, as in the incremental build: plugins that read it see their worker's.
  module.removeExport(STACK_LIMIT);
  module.addGlobalImport("shared-rt/stack_limit", THREAD_NAMESPACE, THREAD_IMPORTS.stackLimit, i32, false);
  module.addGlobalExport("shared-rt/stack_limit", STACK_LIMIT);
  return { hooks: { lock: hook.lock, unlock: hook.unlock, poll: api.get(THREAD_EXPORTS.poll)! }, api };
}
