import { FIRST_SHARED_CLASS_ID, type THREAD_FUNCTIONS } from "@shared-rt/abi";
import { elementSegmentsSize, globalInitValue, type Binaryen, type Module } from "./asc/binaryen-helpers.js";
import { TransformBase } from "./asc/transform-base.js";
import { wrapEntryPoints } from "./wrap-entry-points.js";
import { RuntimeBuildError } from "./runtime-build-error.js";
import { finishThreaded, prepareThreaded } from "./make-runtime-threaded.js";
import { isMinimalCollector, prepareThreadedMinimal } from "./make-runtime-threaded-minimal.js";

/** Internal names of the compiler-generated hooks through which the collector sees the program. */
const VISIT_GLOBALS = "~lib/rt/__visit_globals";
const VISIT_MEMBERS = "~lib/rt/__visit_members";
const TYPEINFO = "~lib/rt/__typeinfo";

/** Exports of assembly/index.ts that exist only so the compiler keeps the dispatchers. */
const DISPATCH_GLOBALS = "__shared_dispatch_globals";
const DISPATCH_MEMBERS = "__shared_dispatch_members";
const DISPATCH_TYPEINFO = "__shared_dispatch_typeinfo";
/** assembly/stack-segments.ts: scans the extra shadow stacks (suspended calls) as roots. */
const DISPATCH_STACKS = "__shared_dispatch_stacks";

function exportedFunction(binaryen: Binaryen, module: Module, exportName: string): string {
  const ref = module.getExport(exportName);
  if (!ref) throw new RuntimeBuildError("UNEXPECTED_COMPILER_OUTPUT", `shared-rt runtime build: the runtime source does not export '${exportName}'`);
  const name = binaryen.getExportInfo(ref).value;
  module.removeExport(exportName);
  return name;
}

/**
 * Moves the generated body of `name` into `<name>|own` and gives `name` a new body, built by
 * `makeBody` from the name of the moved original. Expressions live in the module's arena, so
 * the old body can be reused as is.
 */
function wrapFunction(binaryen: Binaryen, module: Module, name: string, makeBody: (own: string) => number): void {
  const ref = module.getFunction(name);
  if (!ref) throw new RuntimeBuildError("UNEXPECTED_COMPILER_OUTPUT", `shared-rt runtime build: the collector hook '${name}' was not generated`);
  const info = binaryen.getFunctionInfo(ref);
  const own = `${name}|own`;
  module.removeFunction(name);
  module.addFunction(own, info.params, info.results, info.vars, info.body);
  module.addFunction(name, info.params, info.results, [], makeBody(own));
}

/**
 * Wires the runtime's dispatchers into AssemblyScript's collector without touching its
 * source: roots are the runtime's own globals plus every plugin's, and objects (and type
 * information) of class ids at or above FIRST_SHARED_CLASS_ID are handed to the plugin that
 * owns the id. Runs after compilation, before validation and optimization, so the optimizer
 * sees (and inlines through) the wrappers.
 */
export interface RuntimeFaults {
  /** Do not visit plugin globals (proves the stress suite notices missing roots). */
  skipPluginGlobals?: boolean;
  /** Accept overlapping class-id ranges (proves the suite notices colliding ids). */
  allowClassOverlap?: boolean;
  /** Threaded runtime: scan only the collecting worker's stack (proves the thread stress suite notices). */
  threadsOwnStackOnly?: boolean;
  /** Threaded runtime: do not visit other workers' recorded plugin globals (likewise). */
  threadsSkipRecordedRoots?: boolean;
  /** Threaded runtime: collections keep every worker's block caches (assembly/threads-arena.ts), whose blocks the sweep frees. */
  threadsKeepArenas?: boolean;
  /** Threaded runtime: no block caches, every __new under the mutex (for measuring them; not a fault). */
  threadsLockOnly?: boolean;
  /**
   * Threaded runtime, for measurement only (tools/bench threads-bench.mjs): keep the collector's
   * own write barrier (__link), run under the runtime's mutex, instead of the nop threads use.
   */
  threadsLockedBarrier?: boolean;
}

/** Internal names of the collectors' byte counters (live managed bytes). */
const HEAP_TOTALS = ["~lib/rt/itcms/total", "~lib/rt/tcms/total"];
/** The runtime's switch for the class-range check (assembly/index.ts). */
const CHECK_RANGES = "index/checkClassRanges";

export function wrapCollectorHooks(binaryen: Binaryen, module: Module, faults: RuntimeFaults = {}): void {
  const { i32, none } = binaryen;
  const dispatchGlobals = exportedFunction(binaryen, module, DISPATCH_GLOBALS);
  const dispatchMembers = exportedFunction(binaryen, module, DISPATCH_MEMBERS);
  const dispatchTypeinfo = exportedFunction(binaryen, module, DISPATCH_TYPEINFO);
  const dispatchStacks = exportedFunction(binaryen, module, DISPATCH_STACKS);
  const cookie = () => module.local.get(0, i32);

  // The collector visits the globals at the start of a cycle and again in its final, atomic
  // mark step, where it also scans the running stack: extra stacks are scanned with them.
  wrapFunction(binaryen, module, VISIT_GLOBALS, (own) =>
    module.block(
      null,
      [
        module.call(own, [cookie()], none),
        ...(faults.skipPluginGlobals ? [] : [module.call(dispatchGlobals, [cookie()], none)]),
        module.call(dispatchStacks, [cookie()], none),
      ],
      none,
    ),
  );

  const total = HEAP_TOTALS.find((name) => module.getGlobal(name));
  if (!total) throw new RuntimeBuildError("UNEXPECTED_COMPILER_OUTPUT", "shared-rt runtime build: found no collector byte counter to export");
  module.addGlobalExport(total, "__shared_heap_live");

  if (faults.allowClassOverlap) {
    if (!module.getGlobal(CHECK_RANGES)) throw new RuntimeBuildError("UNEXPECTED_COMPILER_OUTPUT", `shared-rt runtime build: no global '${CHECK_RANGES}'`);
    module.removeGlobal(CHECK_RANGES);
    module.addGlobal(CHECK_RANGES, i32, false, module.i32.const(0));
  }

  wrapFunction(binaryen, module, VISIT_MEMBERS, (own) => {
    const ptr = () => module.local.get(0, i32);
    const visitCookie = () => module.local.get(1, i32);
    // OBJECT#rtId sits 8 bytes below the payload (~lib/rt/common.ts).
    const rtId = module.i32.load(0, 4, module.i32.sub(ptr(), module.i32.const(8)));
    return module.if(
      module.i32.ge_u(rtId, module.i32.const(FIRST_SHARED_CLASS_ID)),
      module.call(dispatchMembers, [ptr(), visitCookie()], none),
      module.call(own, [ptr(), visitCookie()], none),
    );
  });

  wrapFunction(binaryen, module, TYPEINFO, (own) => {
    const id = () => module.local.get(0, i32);
    return module.if(module.i32.ge_u(id(), module.i32.const(FIRST_SHARED_CLASS_ID)), module.call(dispatchTypeinfo, [id()], i32), module.call(own, [id()], i32));
  });
}

/**
 * An ordinary runtime exports the thread functions plugins may import (THREAD_FUNCTIONS), as
 * they act on one thread: poll and notify do nothing, cmpxchg and add are a load and a store,
 * and wait never blocks (1: not equal; 2: timed out, since nothing else could change it).
 */
function exportThreadNoops(binaryen: Binaryen, module: Module): void {
  const { i32, i64, none } = binaryen;
  const arg = (k: number) => module.local.get(k, i32);
  const old = () => module.i32.load(0, 4, arg(0));
  const bodies: Record<keyof typeof THREAD_FUNCTIONS, [number, number, number[], number]> = {
    __shared_thread_poll: [none, none, [], module.nop()],
    __shared_thread_notify: [binaryen.createType([i32, i32]), i32, [], module.i32.const(0)],
    __shared_thread_wait: [
      binaryen.createType([i32, i32, i64]),
      i32,
      [],
      module.select(module.i32.ne(old(), arg(1)), module.i32.const(1), module.i32.const(2)),
    ],
    __shared_thread_add: [
      binaryen.createType([i32, i32]),
      i32,
      [i32],
      module.block(null, [module.local.set(2, old()), module.i32.store(0, 4, arg(0), module.i32.add(arg(2), arg(1))), arg(2)], i32),
    ],
    __shared_thread_cmpxchg: [
      binaryen.createType([i32, i32, i32]),
      i32,
      [i32],
      module.block(null, [module.local.set(3, old()), module.if(module.i32.eq(arg(3), arg(1)), module.i32.store(0, 4, arg(0), arg(2))), arg(3)], i32),
    ],
  };
  for (const [name, [params, results, vars, body]] of Object.entries(bodies)) {
    module.addFunction(`shared-rt/${name}`, params, results, vars, body);
    module.addFunctionExport(`shared-rt/${name}`, name);
  }
}

/** Where the runtime's static data ends and its heap begins, read from the compiled module. */
export interface RuntimeLayout {
  dataEnd: number;
  heapBase: number;
  /** Table slots the runtime's own functions occupy from its table base. */
  tableSize: number;
}

function globalConst(binaryen: Binaryen, module: Module, name: string): number {
  const value = globalInitValue(binaryen, module, name);
  if (value === undefined)
    throw new RuntimeBuildError("UNEXPECTED_COMPILER_OUTPUT", `shared-rt runtime build: the runtime has no global '${name}' with a constant initializer`);
  return value;
}

/** The transform the runtime is compiled with. */
export class WrapCollectorHooks extends TransformBase {
  /** Receives the runtime's layout; set by buildRuntime on a subclass. */
  static onLayout: ((layout: RuntimeLayout) => void) | undefined;
  /** Faults to build in, for tests that prove the stress suite catches them. */
  static faults: RuntimeFaults = {};
  /** Receives the threaded runtime's rewritten text (make-runtime-threaded.ts); unset: not threaded. */
  static onThreaded: ((text: string) => void) | undefined;

  afterCompile(module: Module): void {
    (this.constructor as typeof WrapCollectorHooks).onLayout?.({
      dataEnd: globalConst(this.binaryen, module, "~lib/memory/__data_end"),
      heapBase: globalConst(this.binaryen, module, "~lib/memory/__heap_base"),
      tableSize: elementSegmentsSize(this.binaryen, module),
    });
    const ownClasses = (this.program as unknown as { managedClasses: Map<number, unknown> }).managedClasses.size;
    if (ownClasses > FIRST_SHARED_CLASS_ID) {
      throw new RuntimeBuildError(
        "TOO_MANY_CLASSES",
        `shared-rt runtime build: the runtime defines ${ownClasses} class ids, more than the ${FIRST_SHARED_CLASS_ID} reserved below the plugins' ranges`,
      );
    }
    const self = this.constructor as typeof WrapCollectorHooks;
    wrapCollectorHooks(this.binaryen, module, self.faults);
    const prepare = isMinimalCollector(module) ? prepareThreadedMinimal : prepareThreaded;
    const threaded = self.onThreaded ? prepare(this.binaryen, module, self.faults) : undefined;
    // After the hooks, whose dispatcher exports are gone by then: every export left is an entry point.
    wrapEntryPoints(this.binaryen, module, threaded?.hooks);
    if (threaded) self.onThreaded?.(finishThreaded(this.binaryen, module, threaded.api));
    else exportThreadNoops(this.binaryen, module);
  }
}
