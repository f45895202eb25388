/**
 * Per-worker block caches for the threaded runtime with the incremental collector
 * (assembly/threads-arena.ts says why they are safe). The exported `__new` becomes:
 *
 * ```
 *   ptr = __shared_arena_new(size, id)       // safepoint, then pop this worker's cache, no mutex
 *   if (ptr) return ptr
 *   return shared-rt/entry:__new(size, id)   // wrapped as before (safepoint, mutex, entry record),
 *                                            // around __shared_arena_slow_new: refill, then __new
 * ```
 *
 * Done in two steps around wrapEntryPoints: before it, the `__new` export points at the slow
 * function (so the wrapper it makes takes the mutex around the refill); after it, the export
 * points at the fast function above, which calls that wrapper.
 */
import type { Binaryen, Module } from "./asc/binaryen-helpers.js";
import { RuntimeBuildError } from "./runtime-build-error.js";

function fail(message: string): never {
  throw new RuntimeBuildError("UNEXPECTED_COMPILER_OUTPUT", `shared-rt threaded runtime build: ${message}`);
}

/** The exported __new's function in a runtime with the caches. */
export const ARENA_NEW = "shared-rt/arena:__new";
/** The wrapper wrapEntryPoints makes for the `__new` export (src/wrap-entry-points.ts). */
const WRAPPED_NEW = "shared-rt/entry:__new";
/** The fault global of threads-arena.ts: collections keep the caches (blocks the sweep freed are handed out). */
export const KEEP_ARENAS_FAULT = "threads-arena/faultKeepArenas";
/** Set by the exported __collect: the collection forgets every cache (the heap returns to what is live). */
const FORGET_NEXT = "threads-arena/forgetNext";
/** The exported __collect's function in both threaded builds (make-runtime-threaded.ts's rewireBothCollectors). */
export const COLLECT = "shared-rt/threads:__collect";

/**
 * Before the entry points are wrapped (after rewireBothCollectors): `__new` exported as the slow
 * path, the fast one added, and the exported __collect made to forget the caches.
 */
export function prepareArena(binaryen: Binaryen, module: Module, hook: { arenaNew: string; arenaSlowNew: string; collect: string }, keepArenas = false): void {
  const { i32, none } = binaryen;
  if (!module.getGlobal(FORGET_NEXT)) fail(`no global '${FORGET_NEXT}'`);
  if (!module.getFunction(COLLECT)) fail(`no function '${COLLECT}'`);
  module.removeFunction(COLLECT);
  module.addFunction(
    COLLECT,
    none,
    none,
    [],
    module.block(null, [module.global.set(FORGET_NEXT, module.i32.const(1)), module.drop(module.call(hook.collect, [], i32))]),
  );
  if (!module.getGlobal(KEEP_ARENAS_FAULT)) fail(`no global '${KEEP_ARENAS_FAULT}'`);
  if (keepArenas) {
    module.removeGlobal(KEEP_ARENAS_FAULT);
    module.addGlobal(KEEP_ARENAS_FAULT, i32, false, module.i32.const(1));
  }
  if (!module.getExport("__new")) fail("the runtime source does not export '__new'");
  module.removeExport("__new");
  module.addFunctionExport(hook.arenaSlowNew, "__new");
  const args = [module.local.get(0, i32), module.local.get(1, i32)];
  module.addFunction(
    ARENA_NEW,
    binaryen.createType([i32, i32]),
    i32,
    [i32],
    module.block(
      null,
      [
        module.if(module.local.tee(2, module.call(hook.arenaNew, args, i32), i32), module.return(module.local.get(2, i32))),
        module.return(module.call(WRAPPED_NEW, args, i32)),
      ],
      i32,
    ),
  );
}

/** After the entry points are wrapped: `__new` exported as the fast path (when prepareArena ran). */
export function finishArena(module: Module): void {
  if (!module.getFunction(ARENA_NEW)) return;
  if (!module.getFunction(WRAPPED_NEW)) fail(`no wrapper '${WRAPPED_NEW}' around the slow __new`);
  module.removeExport("__new");
  module.addFunctionExport(ARENA_NEW, "__new");
}
