/**
 * `@shared-rt/runtime`: the shared runtime module (AssemblyScript's allocator and collector,
 * serving every registered plugin) and its build. The contracts it speaks are re-exported from
 * `@shared-rt/abi`; the compiler plumbing is the `@shared-rt/runtime/asc` entry.
 */
export * from "@shared-rt/abi";
export { buildRuntime, DEFAULT_STACK_SIZE, runtimeSourceDir } from "./build-runtime.js";
export { THREADED_COLLECT_FLOOR } from "./make-runtime-threaded.js";
export type { RuntimeBuild, RuntimeBuildOptions } from "./build-runtime.js";
export { wrapCollectorHooks, WrapCollectorHooks } from "./wrap-collector-hooks.js";
export type { RuntimeFaults, RuntimeLayout } from "./wrap-collector-hooks.js";
export { RUNTIME_BUILD_ERROR_CODES, RuntimeBuildError } from "./runtime-build-error.js";
export type { RuntimeBuildErrorCode } from "./runtime-build-error.js";
