/**
 * Host imports as safepoints on a worker of a threaded host. A host function the project lists
 * in shared-rt.json's `"blocking"` (`ManifestImport.blocking`) may wait (for another worker's
 * result, on a lock, on I/O) or run long; a collection another worker asks for meanwhile would
 * wait for it, forever if it waits for that other worker. Around such a function the worker
 * counts as parked (THREAD_EXPORTS.hostEnter: shadow-stack pointer stored, plugin-global roots
 * recorded), and after it returns it runs again (hostLeave: parks first if a stop is in progress).
 *
 * Sound because asc 0.28's shadow-stack pass stores every managed local when it is assigned and
 * every managed call operand before the call: all the worker's references are below the stored
 * pointer while the function runs (tests/threads/threads-blocking.test.ts holds this).
 *
 * Only imports declared blocking are wrapped: the two runtime calls record every plugin's
 * globals and notify, which costs several times a plain host call (measured in that test).
 * The wrapper runs inside the conversion of arguments and result, so the result is lowered
 * (allocated) after the worker runs again. A blocking function must not call back into its
 * worker's wasm (`host.call`, `host.lower`): it would run while counted as parked.
 */
import { THREAD_EXPORTS } from "@shared-rt/abi";
import { LoadError } from "./errors.js";
import { RAW_HOST_FUNCTION, raw } from "./host-function-values.js";

/** `fn` run with the worker counted as parked; `fn` itself when it is not a function. */
export function parkedDuring(runtime: WebAssembly.Instance, plugin: string, name: string, fn: unknown): unknown {
  if (typeof fn !== "function") return fn;
  const exports = runtime.exports as Record<string, unknown>;
  const enter = exports[THREAD_EXPORTS.hostEnter];
  const leave = exports[THREAD_EXPORTS.hostLeave];
  if (typeof enter !== "function" || typeof leave !== "function") {
    throw new LoadError(
      "THREADS_UNSUPPORTED",
      plugin,
      `plugin '${plugin}' imports '${name}', declared blocking, but the runtime does not export ${THREAD_EXPORTS.hostEnter}: rebuild the project with this version of the linker`,
    );
  }
  const call = fn as (...args: unknown[]) => unknown;
  const parked = (...args: unknown[]) => {
    (enter as () => void)();
    try {
      return call(...args);
    } finally {
      (leave as () => void)();
    }
  };
  // A raw function stays raw: the conversion (or its absence) is decided on the original.
  return (fn as unknown as Record<symbol, unknown>)[RAW_HOST_FUNCTION] === true ? raw(parked) : parked;
}
