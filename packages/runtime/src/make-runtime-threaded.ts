/**
 * The threaded runtime (`buildRuntime({ threads: true })`): AssemblyScript's allocator and
 * incremental collector made safe on several workers over one shared memory, without touching
 * their source. assembly/threads.ts holds the protocol (mutex, thread records, stop-the-world);
 * this file wires it in after compilation:
 *
 * - every entry point takes the mutex (wrap-entry-points.ts), and __new, __renew and __collect
 *   are safepoints first (a worker asked to stop parks there);
 * - an incremental step (`interrupt` in __new) becomes a full collection with the world stopped,
 *   and __link (the write barrier) does nothing: marking never interleaves with plugin code, so
 *   no barrier is needed, and a barrier that relinks lists could not run outside the mutex;
 * - the stack scan covers every worker's shadow-stack region; the roots add the plugin globals
 *   other workers recorded (their __visit with RECORD_ROOTS_COOKIE records instead of marking);
 * - the runtime's start function (it links the collector's list heads) becomes an export the
 *   first worker runs once, and the stack limit plugins check becomes a per-worker import;
 * - every runtime global that is not per worker becomes a load or store in the state block
 *   (done on the text: Binaryen's API cannot rewrite expressions in place).
 */
import {
  RECORD_ROOTS_COOKIE,
  RUNTIME_EXPORTS,
  RUNTIME_GLOBAL_NAMES,
  THREAD_EXPORTS,
  THREAD_FUNCTIONS,
  THREAD_IMPORTS,
  THREAD_NAMESPACE,
  THREAD_STATE,
} from "@shared-rt/abi";
import { globalInitValue, type Binaryen, type Module } from "./asc/binaryen-helpers.js";
import { RuntimeBuildError } from "./runtime-build-error.js";
import { COLLECT, finishArena, prepareArena } from "./arena-new.js";
import type { RuntimeFaults } from "./wrap-collector-hooks.js";

/**
 * Globals each worker's instance keeps for itself, and why:
 * - `__stack_pointer`: each worker has its own shadow-stack region;
 * - `entries`: the entry points in progress on this worker, which its host's call guard reads;
 * - `argumentsLength`: set by a caller right before the call, on the same worker;
 * - `visitIndex`: set by the collector right before it calls a plugin's visitor, on the same worker;
 * - `me`: the worker's thread index.
 */
export const PER_WORKER_GLOBALS = ["~lib/memory/__stack_pointer", "index/entries", "index/argumentsLength", "index/visitIndex", "threads/me"];

/** Internal hooks threads.ts exports only so that the compiler keeps them. */
export const HOOKS = {
  lock: "__shared_threads_lock",
  unlock: "__shared_threads_unlock",
  record: "__shared_threads_record",
  collect: "__shared_threads_collect",
  visitStacks: "__shared_threads_visit_stacks",
  visitRecorded: "__shared_threads_visit_recorded",
  arenaNew: "__shared_arena_new",
  arenaSlowNew: "__shared_arena_slow_new",
} as const;

/** The thread API the host calls: taken out before the entry points are wrapped, put back after. */
export const API = [
  THREAD_EXPORTS.attach,
  THREAD_EXPORTS.enter,
  THREAD_EXPORTS.leave,
  THREAD_EXPORTS.resetLock,
  THREAD_EXPORTS.hostEnter,
  THREAD_EXPORTS.hostLeave,
  ...Object.keys(THREAD_FUNCTIONS),
];

const ITCMS = "~lib/rt/itcms/";
/** The runtime export plugins compare their shadow-stack pointer with (RUNTIME_GLOBALS). */
export const STACK_LIMIT = RUNTIME_GLOBAL_NAMES.stackLimit;
const START = "~start";

export interface ThreadHooks {
  lock: string;
  unlock: string;
  poll: string;
}

export function fail(message: string): never {
  throw new RuntimeBuildError("UNEXPECTED_COMPILER_OUTPUT", `shared-rt threaded runtime build: ${message}`);
}

export function takeExport(binaryen: Binaryen, module: Module, name: string): string {
  const ref = module.getExport(name);
  if (!ref) fail(`the runtime source does not export '${name}'`);
  const internal = binaryen.getExportInfo(ref).value;
  module.removeExport(name);
  return internal;
}

/** Gives function `name` a new body (same signature); `own` is the old one, kept as `<name>|unthreaded`. */
export function replaceBody(binaryen: Binaryen, module: Module, name: string, makeBody: (own: string) => number): void {
  const ref = module.getFunction(name);
  if (!ref) fail(`no function '${name}' (the collector's shape changed)`);
  const info = binaryen.getFunctionInfo(ref);
  const own = `${name}|unthreaded`;
  module.removeFunction(name);
  module.addFunction(own, info.params, info.results, info.vars, info.body);
  module.addFunction(name, info.params, info.results, [], makeBody(own));
}

/** Before the entry points are wrapped: the collector rewired, the thread API set aside. Returns the wrappers' hooks. */
export function prepareThreaded(binaryen: Binaryen, module: Module, faults: RuntimeFaults = {}): { hooks: ThreadHooks; api: Map<string, string> } {
  const { i32, none } = binaryen;
  if (!module.getFunction(`${ITCMS}__new`)) {
    throw new RuntimeBuildError(
      "BAD_OPTIONS",
      "shared-rt threaded runtime build: threads need the incremental collector (the minimal one keeps references in wasm locals)",
    );
  }
  const { hook, api } = takeThreadExports(binaryen, module);
  const arg = (k: number) => module.local.get(k, i32);
  for (const [fault, global] of [
    [faults.threadsOwnStackOnly, "threads/faultOwnStackOnly"],
    [faults.threadsSkipRecordedRoots, "threads/faultSkipRecordedRoots"],
  ] as const) {
    if (!module.getGlobal(global)) fail(`no global '${global}'`);
    if (!fault) continue;
    module.removeGlobal(global);
    module.addGlobal(global, i32, false, module.i32.const(1));
  }

  replaceBody(binaryen, module, `${ITCMS}interrupt`, () => module.drop(module.call(hook.collect, [], i32)));
  replaceBody(binaryen, module, `${ITCMS}visitStack`, () => module.call(hook.visitStacks, [arg(0)], none));
  // threadsLockedBarrier (a measurement variant, tools/bench threads-bench.mjs `workers.barrier`):
  // the real barrier kept, so wrapEntryPoints wraps it in the mutex like every other entry point.
  if (!faults.threadsLockedBarrier) replaceBody(binaryen, module, `${ITCMS}__link`, () => module.nop());
  floorThreshold(binaryen, module);
  const hooks = rewireBothCollectors(binaryen, module, ITCMS, hook, api);
  if (!faults.threadsLockOnly) prepareArena(binaryen, module, hook, faults.threadsKeepArenas);
  return { hooks, api };
}

/**
 * Bytes a threaded program allocates at least between two collections the collector starts. On
 * one thread itcms's next step comes 1 KiB after a collection over twice the live bytes; on
 * threads every step is a full collection with the world stopped, a wait and wake of each other
 * worker (tools/bench: `workers.alloc`, 2 workers took 1.7× the time of 1 with a small live set).
 */
export const THREADED_COLLECT_FLOOR = 1 << 20;

/** After every full collection: the next one no sooner than {@link THREADED_COLLECT_FLOOR} bytes later. */
function floorThreshold(binaryen: Binaryen, module: Module): void {
  const { i32, none } = binaryen;
  const [threshold, total] = [`${ITCMS}threshold`, `${ITCMS}total`];
  for (const name of [threshold, total]) if (!module.getGlobal(name)) fail(`no global '${name}' (the collector's shape changed)`);
  const floor = () => module.i32.add(module.global.get(total, i32), module.i32.const(THREADED_COLLECT_FLOOR));
  replaceBody(binaryen, module, `${ITCMS}__collect`, (own) =>
    module.block(
      null,
      [module.call(own, [], none), module.if(module.i32.lt_u(module.global.get(threshold, i32), floor()), module.global.set(threshold, floor()))],
      none,
    ),
  );
}

type Hooks = Record<keyof typeof HOOKS, string>;

/** Takes threads.ts's internal hooks and the thread API out of the exports (both collectors). */
export function takeThreadExports(binaryen: Binaryen, module: Module): { hook: Hooks; api: Map<string, string> } {
  const hook = Object.fromEntries(Object.entries(HOOKS).map(([k, name]) => [k, takeExport(binaryen, module, name)])) as Hooks;
  const api = new Map(API.map((name) => [name, takeExport(binaryen, module, name)]));
  return { hook, api };
}

/**
 * What the threaded builds of both collectors (`collector`: the prefix of its functions) rewire
 * alike: __visit records instead of marking when a worker going idle or parking passes
 * RECORD_ROOTS_COOKIE; the globals visit adds what other workers recorded; __collect from
 * outside stops the world first; each worker checks its own stack region's limit.
 */
export function rewireBothCollectors(binaryen: Binaryen, module: Module, collector: string, hook: Hooks, api: Map<string, string>): ThreadHooks {
  const { i32, none } = binaryen;
  const arg = (k: number) => module.local.get(k, i32);
  replaceBody(binaryen, module, `${collector}__visit`, (own) =>
    module.if(module.i32.eq(arg(1), module.i32.const(RECORD_ROOTS_COOKIE)), module.call(hook.record, [arg(0)], none), module.call(own, [arg(0), arg(1)], none)),
  );
  replaceBody(binaryen, module, "~lib/rt/__visit_globals", (own) =>
    module.block(null, [module.call(own, [arg(0)], none), module.call(hook.visitRecorded, [arg(0)], none)], none),
  );
  module.removeExport("__collect");
  module.addFunction(COLLECT, none, none, [], module.drop(module.call(hook.collect, [], i32)));
  module.addFunctionExport(COLLECT, "__collect");
  module.removeExport(STACK_LIMIT);
  module.addGlobalImport("shared-rt/stack_limit", THREAD_NAMESPACE, THREAD_IMPORTS.stackLimit, i32, false);
  module.addGlobalExport("shared-rt/stack_limit", STACK_LIMIT);
  return { lock: hook.lock, unlock: hook.unlock, poll: api.get(THREAD_EXPORTS.poll)! };
}

/**
 * After the entry points are wrapped: the thread API and the runtime's initialization exported,
 * the heap counter exported as its address, and every shared global moved into the state block.
 * Returns the module's text, rewritten; the caller parses, optimizes and emits it.
 */
export function finishThreaded(binaryen: Binaryen, module: Module, api: Map<string, string>): string {
  const { i32, none } = binaryen;
  finishArena(module);
  for (const [name, internal] of api) module.addFunctionExport(internal, name);
  if (!module.getFunction(START)) fail(`no start function '${START}'`);
  module.addFunctionExport(START, THREAD_EXPORTS.init);
  const state = globalInitValue(binaryen, module, "threads/STATE");
  if (state === undefined) fail("no constant global 'threads/STATE'");
  for (const name of PER_WORKER_GLOBALS) if (!module.getGlobal(name)) fail(`no global '${name}'`);

  const text = module.emitText();
  const written = new Set([...text.matchAll(/global\.set \$([^\s()]+)/g)].map((m) => m[1]));
  const moved = [...written].filter((name) => !PER_WORKER_GLOBALS.includes(name)).sort();
  if (moved.length * 4 > THREAD_STATE.size - THREAD_STATE.globals) fail(`${moved.length} globals do not fit in the state block`);
  const addressOf = new Map(moved.map((name, k) => [name, state + THREAD_STATE.globals + 4 * k]));
  for (const [name, address] of addressOf) {
    const ref = module.getGlobal(name);
    const info = binaryen.getGlobalInfo(ref);
    if (info.type !== i32) fail(`global '${name}' is not an i32`);
    if (globalInitValue(binaryen, module, name) !== 0) fail(`global '${name}' starts at a value other than 0`);
    module.addFunction(`shared-rt/get:${name}`, none, i32, [], module.i32.load(0, 4, module.i32.const(address)));
    module.addFunction(`shared-rt/set:${name}`, i32, none, [], module.i32.store(0, 4, module.i32.const(address), module.local.get(0, i32)));
  }
  // The heap counter is one of them: the host reads it at this address.
  const heapLive = binaryen.getExportInfo(module.getExport(RUNTIME_EXPORTS.heapLive)).value;
  const heapLiveAt = addressOf.get(heapLive);
  if (heapLiveAt === undefined) fail(`the heap counter '${heapLive}' is never written`);
  module.removeExport(RUNTIME_EXPORTS.heapLive);
  module.addGlobal("shared-rt/heap_live_at", i32, false, module.i32.const(heapLiveAt));
  module.addGlobalExport("shared-rt/heap_live_at", RUNTIME_EXPORTS.heapLive);
  for (const name of moved) {
    for (let i = 0, n = module.getNumExports(); i < n; ++i) {
      const info = binaryen.getExportInfo(module.getExportByIndex(i));
      if (info.kind === binaryen.ExternalGlobal && info.value === name) fail(`global '${name}' is exported but would move to memory`);
    }
  }
  return rewriteGlobals(module.emitText(), addressOf);
}

/** Every get and set of a moved global becomes a call of its accessor (inlined by the optimizer); the start function goes. */
export function rewriteGlobals(text: string, moved: Map<string, number>): string {
  let out = text.replace(/global\.(get|set) \$([^\s()]+)/g, (match, op: string, name: string) => (moved.has(name) ? `call $shared-rt/${op}:${name}` : match));
  const start = /\n\s*\(start \$[^\s()]+\)/;
  if (!start.test(out)) fail("no start declaration in the text");
  out = out.replace(start, "");
  return out;
}
