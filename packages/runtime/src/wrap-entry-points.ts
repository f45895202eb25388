import { DISPATCH_FUNCTIONS, ENTRY_BITS, RUNTIME_ENTRY_POINTS, STACK_RANGE_FUNCTIONS } from "@shared-rt/abi";
import { expressionInfo, expressionSetters, type Binaryen, type ExpressionRef, type Module } from "./asc/binaryen-helpers.js";
import { RuntimeBuildError } from "./runtime-build-error.js";

/**
 * Entry points that record themselves, so that a host can tell a trap that interrupted the
 * allocator or the collector (the heap may be half-changed) from one in plugin code (the heap
 * is consistent; what the call allocated is garbage).
 *
 * Nothing inside wasm can catch a trap, and the engine's own stack overflow can strike at any
 * call, including in the middle of relinking TLSF's free lists or the collector's object
 * lists. So every exported function gets a wrapper that keeps a stack of four-bit entry
 * numbers in one global (`entries` in assembly/index.ts):
 *
 * ```
 *   entries = entries << 4 | <number of the export>
 *   result = <the export's own function>(…)
 *   entries = entries >>> 4
 *   return result
 * ```
 *
 *   entries while __collect calls a plugin's visitor that calls back into __new:
 *   ┌─────────┬─ … ─┬──────────────┬──────────────┐
 *   │ 0       │     │ __collect    │ __new        │
 *   └─────────┴─ … ─┴──────────────┴──────────────┘
 *    bits 31–28       bits 7–4       bits 3–0 (innermost)
 *
 * A trap unwinds past the shift back. The wrappers call the original functions, and the
 * runtime's internal calls still go to the originals, so only calls from outside count. One
 * global and two shifts, rather than a depth and a separate "which", because `__link` and
 * `__visit` run for every reference a plugin stores or the collector marks (measured: +0.3 ns
 * per `__link`, against +0.6 ns for a depth counter plus an entry global). Nested deeper than
 * eight, the outermost numbers are shifted out; the value still returns to what it was.
 */

/** Internal name of the global declared in assembly/index.ts. */
const ENTRIES = "index/entries";
const BITS = ENTRY_BITS;
/** AssemblyScript's `abort` import, which `throw` and `assert` call. */
const ABORT = "~lib/builtins/abort";

/**
 * Entry points left unwrapped. `__typeinfo` and `__shared_abi_version` change nothing, so a
 * trap in them interrupts nothing. `__visit` changes the heap, but only plugins' visitors call
 * it, and only the collector calls those, inside an entry point already recorded (`__collect`,
 * or `__new` running a collection step); it runs for every reference marked, so it would cost
 * the most (measured: a full collection 15% slower with it wrapped).
 */
const UNWRAPPED = new Set(["__typeinfo", "__shared_abi_version", "__visit"]);

/**
 * Checks that fail before the runtime changed anything: their failure leaves the entry point
 * first, so it is an ordinary failed call, not an interrupted one. Each is reached, from any
 * entry point, only before that entry point changes the heap. The number is how many failure
 * sites (`abort` calls and lone `unreachable`s) the function has in AssemblyScript 0.28.20, so
 * that a different shape fails the build instead of going unmarked.
 */
const CHECKED_FAILURES: Record<string, number> = {
  // "Allocation too large", before searching a block.
  "~lib/rt/tlsf/prepareSize": 1,
  // memory.grow refused (out of memory), before the new memory is added to the pool.
  "~lib/rt/tlsf/growMemory": 1,
  // memory.grow refused on the first allocation, before the root is set.
  "~lib/rt/tlsf/initialize": 1,
  // "Allocation too large" first thing; "Object already pinned" / "Object is not pinned"
  // before the object moves between lists.
  "~lib/rt/itcms/__new": 1,
  "~lib/rt/itcms/__pin": 1,
  "~lib/rt/itcms/__unpin": 1,
  "~lib/rt/tcms/__new": 1,
  "~lib/rt/tcms/__renew": 1,
  "~lib/rt/tcms/__pin": 1,
  "~lib/rt/tcms/__unpin": 1,
};

/**
 * Entry points at which a worker of a threaded runtime may park for another worker's
 * collection: their callers hold references only where the collector finds them (the shadow
 * stack, a global, a pin), since each of them may collect on a single thread too.
 */
const SAFEPOINTS = new Set(["__new", "__renew", "__collect"]);

/** In a threaded runtime, the mutex and safepoint every wrapper calls (make-runtime-threaded.ts). */
export interface EntryLock {
  lock: string;
  unlock: string;
  poll: string;
}

/** Wraps every function export as described above. Runs before optimization, which inlines the originals. */
export function wrapEntryPoints(binaryen: Binaryen, module: Module, threads?: EntryLock): void {
  if (!module.getGlobal(ENTRIES))
    throw new RuntimeBuildError("UNEXPECTED_COMPILER_OUTPUT", `shared-rt runtime build: the runtime source has no global '${ENTRIES}'`);
  if (RUNTIME_ENTRY_POINTS.length >= 1 << BITS)
    throw new RuntimeBuildError(
      "TOO_MANY_ENTRY_POINTS",
      `shared-rt runtime build: ${RUNTIME_ENTRY_POINTS.length} entry points do not fit in ${BITS} bits each`,
    );
  const entries = () => module.global.get(ENTRIES, binaryen.i32);
  const exports: { name: string; func: string }[] = [];
  for (let i = 0, n = module.getNumExports(); i < n; ++i) {
    const info = binaryen.getExportInfo(module.getExportByIndex(i));
    if (info.kind === binaryen.ExternalFunction) exports.push({ name: info.name, func: info.value });
  }
  for (const { name, func } of exports) {
    // Plugins call these on every virtual call of a class they do not know: they read the
    // registry or trap, and change nothing.
    if (name in DISPATCH_FUNCTIONS) continue;
    // Link or unlink an extra stack: a few stores that cannot trap.
    if (name in STACK_RANGE_FUNCTIONS) continue;
    const number = (RUNTIME_ENTRY_POINTS as readonly string[]).indexOf(name) + 1;
    if (number === 0) {
      throw new RuntimeBuildError(
        "UNLISTED_ENTRY_POINT",
        `shared-rt runtime build: the runtime exports '${name}', which is not in RUNTIME_ENTRY_POINTS (src/abi.ts); add it there so that it is recorded as an entry point`,
      );
    }
    const info = binaryen.getFunctionInfo(module.getFunction(func));
    // Nothing to interrupt: a read, or an empty body (the minimal collector's __link).
    if (UNWRAPPED.has(name) || binaryen.getExpressionId(info.body) === binaryen.NopId) continue;
    const params = binaryen.expandType(info.params);
    const call = module.call(
      func,
      params.map((type, k) => module.local.get(k, type)),
      info.results,
    );
    const hasResult = info.results !== binaryen.none;
    const result = params.length;
    const lock = (fn: string | undefined) => (fn ? [module.call(fn, [], binaryen.none)] : []);
    const body = [
      ...lock(threads && SAFEPOINTS.has(name) ? threads.poll : undefined),
      ...lock(threads?.lock),
      module.global.set(ENTRIES, module.i32.or(module.i32.shl(entries(), module.i32.const(BITS)), module.i32.const(number))),
      hasResult ? module.local.set(result, call) : call,
      module.global.set(ENTRIES, module.i32.shr_u(entries(), module.i32.const(BITS))),
      ...lock(threads?.unlock),
      ...(hasResult ? [module.local.get(result, info.results)] : []),
    ];
    const wrapper = `shared-rt/entry:${name}`;
    module.addFunction(wrapper, info.params, info.results, hasResult ? [info.results] : [], module.block(null, body, info.results));
    module.removeExport(name);
    module.addFunctionExport(wrapper, name);
  }
  leaveBeforeCheckedFailures(binaryen, module);
}

/**
 * In each function of {@link CHECKED_FAILURES}, leaves the innermost entry point
 * (`entries >>>= 4`) before every failure site: a call to `abort` (a `throw`), or an
 * `unreachable` that does not follow one.
 */
function leaveBeforeCheckedFailures(binaryen: Binaryen, module: Module): void {
  const api = expressionSetters(binaryen);
  const leave = () => module.global.set(ENTRIES, module.i32.shr_u(module.global.get(ENTRIES, binaryen.i32), module.i32.const(BITS)));
  const isAbort = (expr: ExpressionRef) => binaryen.getExpressionId(expr) === binaryen.CallId && expressionInfo(binaryen, expr).target === ABORT;
  const isUnreachable = (expr: ExpressionRef) => binaryen.getExpressionId(expr) === binaryen.UnreachableId;
  const isFailure = (expr: ExpressionRef) => isAbort(expr) || isUnreachable(expr);
  // Only these kinds are descended into (and asked for their info: binaryen.js cannot describe
  // every kind); the site count below catches a failure site hidden anywhere else.
  const structural = [binaryen.BlockId, binaryen.IfId, binaryen.LoopId, binaryen.LocalSetId, binaryen.DropId, binaryen.ReturnId];
  for (const [name, expected] of Object.entries(CHECKED_FAILURES)) {
    const ref = module.getFunction(name);
    if (!ref) continue; // the other collector's
    let sites = 0;
    const visit = (expr: ExpressionRef | undefined): void => {
      if (!expr || !structural.includes(binaryen.getExpressionId(expr))) return;
      const info = expressionInfo(binaryen, expr);
      switch (info.id) {
        case binaryen.BlockId: {
          let inserted = 0;
          const children = info.children ?? [];
          children.forEach((child, k) => {
            // `throw` is `abort(…); unreachable`: one site.
            if (isAbort(child) || (isUnreachable(child) && !(k > 0 && isAbort(children[k - 1])))) {
              api.Block.insertChildAt(expr, k + inserted++, leave());
              sites++;
            } else {
              visit(child);
            }
          });
          return;
        }
        case binaryen.IfId: {
          visit(info.condition);
          for (const [arm, set] of [
            [info.ifTrue, api.If.setIfTrue],
            [info.ifFalse, api.If.setIfFalse],
          ] as const) {
            if (arm && isFailure(arm)) {
              set(expr, module.block(null, [leave(), arm]));
              sites++;
            } else {
              visit(arm);
            }
          }
          return;
        }
        case binaryen.LoopId:
          visit(info.body);
          return;
        default:
          visit(info.value);
          return;
      }
    };
    visit(binaryen.getFunctionInfo(ref).body);
    if (sites !== expected) {
      throw new RuntimeBuildError(
        "UNEXPECTED_COMPILER_OUTPUT",
        `shared-rt runtime build: expected ${expected} checked failure(s) in '${name}', found ${sites}; review CHECKED_FAILURES in src/wrap-entry-points.ts for this AssemblyScript version`,
      );
    }
  }
}
