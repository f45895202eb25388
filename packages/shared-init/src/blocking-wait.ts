import type binaryenNs from "assemblyscript/binaryen";
import { SharedInitError } from "./shared-init-error.js";

type Binaryen = typeof binaryenNs;
type Module = binaryenNs.Module;

/** Binaryen's text of the instructions asc's `atomic.wait<i32>` and `atomic.wait<i64>` compile to. */
const RAW_WAIT = /\bmemory\.atomic\.wait(32|64)\b/;

/**
 * Refuses a plugin whose code blocks in a raw `atomic.wait` (memory.atomic.wait32/64), which only
 * a plugin compiled with asc's threads feature (a threaded project's) can contain. A worker
 * blocked there is not at a safepoint: a collection another worker asks for waits for it to park,
 * while it waits for that worker to notify — both hang, silently. `waitFor` of @shared-rt/threads
 * is the same wait, counted as parked. Names every function that waits, so the fix is obvious.
 */
export function refuseBlockingWait(binaryen: Binaryen, module: Module): void {
  if (!(module.getFeatures() & binaryen.Features.Atomics)) return;
  const waiting: string[] = [];
  for (let i = 0, n = module.getNumFunctions(); i < n; ++i) {
    const info = binaryen.getFunctionInfo(module.getFunctionByIndex(i));
    // The body's text: Binaryen's JS API has no walker over every kind of expression.
    if (info.body && RAW_WAIT.test(binaryen.emitText(info.body))) waiting.push(info.name);
  }
  if (!waiting.length) return;
  throw new SharedInitError(
    "BLOCKING_WAIT",
    `shared-init: ${waiting.map((f) => `function '${f}'`).join(", ")} ${waiting.length > 1 ? "block" : "blocks"} in atomic.wait (memory.atomic.wait32/64), ` +
      "which is no safepoint: a collection another worker starts would wait for this worker forever while it waits for that one. " +
      'Use waitFor (i32) from "@shared-rt/threads", the same wait counted as parked',
  );
}
