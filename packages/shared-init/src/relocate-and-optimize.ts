import * as assemblyscript from "assemblyscript";
import binaryen from "assemblyscript/binaryen";
import { PLUGIN_EXPORTS } from "@shared-rt/abi";
import { customSections } from "./custom-section.js";
import { makeRelocatable, type RelocationReport } from "./make-relocatable.js";
import { outlineShadowStack } from "./outline-shadow-stack.js";

/**
 * The one way both builders of relocatable plugins (the linker's compileRelocatable and the asc
 * command line's relocate-in-asc) turn two builds into the plugin they emit: relocate the
 * UNOPTIMIZED builds, then optimize the result.
 *
 * Why this order: the optimizer folds address arithmetic into single constants — "block start
 * − 2" in `genDigits`, `strtod` — that lie between static blocks (DESIGN.md fact 25), so in
 * optimized builds an address can no longer be told from its neighbourhood. In unoptimized
 * builds every address is still the constant the compiler materialized. After relocation an
 * address reads `global.get $static_k`, which the optimizer cannot fold, so optimizing then is
 * safe and yields the code a linked build of the plugin gets.
 */

export interface OptimizeLevels {
  /** 0–3, as asc's --optimizeLevel. */
  optimize: number;
  /** 0–2, as asc's --shrinkLevel. */
  shrink: number;
  /**
   * The memory under the module's data is known to be zero (asc's --zeroFilledMemory): true for a
   * plugin linked into a slot of a fresh memory, so the optimizer may drop zero runs from its data.
   */
  zeroFilledMemory?: boolean;
  /**
   * Drop the start export when the optimizer left its function empty: true for a linked plugin,
   * whose start no longer sets any address (the host skips a start the module does not export).
   */
  dropEmptyStart?: boolean;
  /**
   * The plugin was compiled with asc's threads feature (a plugin of a threaded project, which may
   * use asc's atomic builtins): Binaryen must read and keep its atomic instructions.
   */
  atomics?: boolean;
}

/**
 * The features asc 0.28.20 (pinned) gives a module by default, as Binaryen flags. A binary does
 * not record its features and Binaryen reads it as MVP; the optimizer must run with the same
 * features asc used for linked plugins, so that it neither loses sign-extension and bulk memory
 * nor starts using what the plugin was not built for (extended-const initializers, multi-value,
 * GC), which engines the host targets may reject. The corpus test pins this against asc.
 */
export const ASC_FEATURES =
  binaryen.Features.MutableGlobals |
  binaryen.Features.NontrappingFPToInt |
  binaryen.Features.BulkMemory |
  binaryen.Features.SignExt |
  binaryen.Features.BulkMemoryOpt;

/** The features of a plugin compiled with `--enable threads` or not (OptimizeLevels.atomics). */
export function pluginFeatures(atomics: boolean | undefined): number {
  // Only threaded projects add a feature: every other plugin keeps exactly the bytes it had.
  return atomics ? ASC_FEATURES | binaryen.Features.Atomics : ASC_FEATURES;
}

/**
 * Binaryen's process-wide settings that asc's optimizer sets or reads, each with its value in a
 * fresh process. Relocating and optimizing run with these values (`withFreshSettings`) and put
 * back what was set before: a plugin's bytes must not depend on what ran before it in the same
 * thread (the binary of the relocated module depends on the Stack IR settings, which an earlier
 * optimized compile leaves on), nor change what runs after it.
 */
const SETTINGS: [() => unknown, (value: never) => void, unknown][] = [
  [binaryen.getOptimizeLevel, binaryen.setOptimizeLevel, 2],
  [binaryen.getShrinkLevel, binaryen.setShrinkLevel, 1],
  [binaryen.getDebugInfo, binaryen.setDebugInfo, false],
  [binaryen.getLowMemoryUnused, binaryen.setLowMemoryUnused, false],
  [binaryen.getZeroFilledMemory, binaryen.setZeroFilledMemory, false],
  [binaryen.getClosedWorld, binaryen.setClosedWorld, false],
  [binaryen.getTrapsNeverHappen, binaryen.setTrapsNeverHappen, false],
  [binaryen.getFastMath, binaryen.setFastMath, false],
  [binaryen.getGenerateStackIR, binaryen.setGenerateStackIR, false],
  [binaryen.getOptimizeStackIR, binaryen.setOptimizeStackIR, false],
  [binaryen.getAlwaysInlineMaxSize, binaryen.setAlwaysInlineMaxSize, 2],
  [binaryen.getFlexibleInlineMaxSize, binaryen.setFlexibleInlineMaxSize, 20],
  [binaryen.getOneCallerInlineMaxSize, binaryen.setOneCallerInlineMaxSize, -1],
  [binaryen.getAllowInliningFunctionsWithLoops, binaryen.setAllowInliningFunctionsWithLoops, false],
];

/**
 * Runs `fn` with Binaryen's settings at their fresh values, then puts back the ones before. For
 * every step that emits a plugin's binary (Binaryen's binary writer reads the Stack IR settings).
 */
export function withFreshSettings<T>(fn: () => T): T {
  const saved = SETTINGS.map(([get]) => get());
  for (const [, set, fresh] of SETTINGS) set(fresh as never);
  try {
    return fn();
  } finally {
    SETTINGS.forEach(([, set], i) => {
      set(saved[i] as never);
    });
  }
}

/** Optimizes a relocatable module with asc's own pass pipeline at the given levels. */
export function optimizeRelocatable(wasm: Uint8Array, levels: OptimizeLevels): Uint8Array {
  if (levels.optimize <= 0 && levels.shrink <= 0) return wasm;
  return withFreshSettings(() => {
    const module = assemblyscript.Module.createFrom(wasm, true, assemblyscript.TypeRef.I32);
    try {
      binaryen.wrapModule(module.ref).setFeatures(pluginFeatures(levels.atomics));
      // The memory and table are the host's, shared with every plugin and placed at load: no
      // address is known to be unused, and code outside this module reaches into its table.
      binaryen.setLowMemoryUnused(false);
      binaryen.setClosedWorld(false);
      binaryen.setTrapsNeverHappen(false);
      // Same pipeline and settings as asc's optimizer for a linked plugin (debug info off: the
      // output carries no names section, like a linked plugin built without --debug; imported
      // memory is not known to be zero-filled, asc's default with --importMemory, unless linked).
      module.optimize(levels.optimize, levels.shrink, false, levels.zeroFilledMemory === true);
      const optimized = binaryen.wrapModule(module.ref);
      if (levels.dropEmptyStart) dropEmptyStart(optimized);
      return withOutlinedShadowStack(optimized, pluginFeatures(levels.atomics));
    } finally {
      module.dispose();
    }
  });
}

/** Removes the start export (and its function) when its body does nothing. */
function dropEmptyStart(module: binaryen.Module): void {
  const ref = module.getExport(PLUGIN_EXPORTS.start);
  if (!ref) return;
  const info = binaryen.getExportInfo(ref);
  if (info.kind !== binaryen.ExternalFunction) return;
  const body = binaryen.getFunctionInfo(module.getFunction(info.value)).body;
  const id = body ? binaryen.getExpressionId(body) : binaryen.NopId;
  // binaryen.js has Block.getNumChildren, its typings do not (getExpressionInfo fails on a nameless block).
  const block = (binaryen as unknown as { Block: { getNumChildren(expr: number): number } }).Block;
  if (id !== binaryen.NopId && !(id === binaryen.BlockId && block.getNumChildren(body) === 0)) return;
  module.removeExport(PLUGIN_EXPORTS.start);
  module.runPasses(["remove-unused-module-elements"]);
}

/**
 * Cleanups after the shadow stack is outlined: the checks it made constant fold away. None of
 * them inlines, so `~enter` and `~leave` stay calls.
 */
const CLEANUP = [
  "precompute",
  "remove-unused-brs",
  "dce",
  "remove-unused-names",
  "merge-blocks",
  "vacuum",
  "simplify-locals",
  "vacuum",
  "reorder-locals",
  // ~enter and ~leave, when every frame stayed inline (inline-frames.ts).
  "remove-unused-module-elements",
];

/** The optimized module's binary, with its shadow-stack frames outlined when it has any. */
function withOutlinedShadowStack(optimized: binaryen.Module, features: number): Uint8Array {
  const binary = optimized.emitBinary();
  const text = outlineShadowStack(optimized.emitText());
  if (text === undefined) return binary;
  const module = binaryen.parseText(text);
  try {
    module.setFeatures(features);
    module.runPasses(CLEANUP);
    // The text has no custom sections (layout, relocations): the optimized binary's, as they were.
    return concat(module.emitBinary(), customSections(binary));
  } finally {
    module.dispose();
  }
}

function concat(first: Uint8Array, rest: Uint8Array[]): Uint8Array {
  const all = new Uint8Array(rest.reduce((n, r) => n + r.length, first.length));
  all.set(first);
  let at = first.length;
  for (const r of rest) {
    all.set(r, at);
    at += r.length;
  }
  return all;
}

/**
 * Makes one relocatable plugin from two UNOPTIMIZED builds (at RELOCATION_BASES and at
 * RELOCATION_BASES + DELTAS) and optimizes it at the given levels. `name` and `file` are used
 * in error messages.
 */
export function relocateAndOptimize(
  name: string,
  first: Uint8Array,
  second: Uint8Array,
  levels: OptimizeLevels,
  file?: string,
): { wasm: Uint8Array; report: RelocationReport } {
  return withFreshSettings(() => {
    const { wasm, report } = makeRelocatable(name, first, second, file);
    return { wasm: optimizeRelocatable(wasm, levels), report };
  });
}
