import binaryen from "assemblyscript/binaryen";
import { RuntimeBuildError } from "./runtime-build-error.js";
import { routeWaits } from "./route-waits.js";

const FEATURES =
  binaryen.Features.MutableGlobals |
  binaryen.Features.NontrappingFPToInt |
  binaryen.Features.BulkMemory |
  binaryen.Features.SignExt |
  binaryen.Features.BulkMemoryOpt |
  binaryen.Features.Atomics;

function invalid(): never {
  throw new RuntimeBuildError(
    "UNEXPECTED_COMPILER_OUTPUT",
    "shared-rt threaded runtime build: the rewritten runtime does not validate (Binaryen printed why on stderr)",
  );
}

/**
 * The threaded runtime's rewritten text (make-runtime-threaded.ts) parsed back, validated,
 * optimized like asc optimizes (same levels), its waits routed around a V8 bug (route-waits.ts:
 * after optimizing, so that the optimizer cannot inline them back) and emitted without a names
 * section. Binaryen's settings are process-wide: saved and restored.
 */
export function optimizeThreaded(text: string, levels: { optimizeLevel?: number; shrinkLevel?: number }): Uint8Array {
  const module = binaryen.parseText(text);
  const saved = { optimize: binaryen.getOptimizeLevel(), shrink: binaryen.getShrinkLevel(), debug: binaryen.getDebugInfo() };
  try {
    module.setFeatures(FEATURES);
    if (!module.validate()) invalid();
    binaryen.setOptimizeLevel(levels.optimizeLevel ?? 3);
    binaryen.setShrinkLevel(levels.shrinkLevel ?? 0);
    binaryen.setDebugInfo(false);
    module.optimize();
    const routed = binaryen.parseText(routeWaits(module.emitText()));
    try {
      routed.setFeatures(FEATURES);
      if (!routed.validate()) invalid();
      return routed.emitBinary();
    } finally {
      routed.dispose();
    }
  } finally {
    binaryen.setOptimizeLevel(saved.optimize);
    binaryen.setShrinkLevel(saved.shrink);
    binaryen.setDebugInfo(saved.debug);
    module.dispose();
  }
}
