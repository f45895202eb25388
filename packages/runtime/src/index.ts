export * from "./abi.js";
export { buildRuntime, DEFAULT_STACK_SIZE, runtimeSourceDir } from "./build-runtime.js";
export type { RuntimeBuild, RuntimeBuildOptions } from "./build-runtime.js";
export { runAsc, formatDiagnostic } from "./run-asc.js";
export type { AscDiagnostic, AscRun } from "./run-asc.js";
export { wrapCollectorHooks, WrapCollectorHooks } from "./wrap-collector-hooks.js";
export { TransformBase } from "./transform-base.js";
export type { TransformMembers } from "./transform-base.js";
export type { RuntimeFaults, RuntimeLayout } from "./wrap-collector-hooks.js";
