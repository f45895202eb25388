/**
 * `@shared-rt/runtime/asc`: the compiler plumbing every shared-rt package that runs asc or
 * rewrites its output shares — running asc in-process, formatting its diagnostics, the
 * transform base class, and the one module of Binaryen helpers.
 */
export { runAsc, formatDiagnostic } from "./run-asc.js";
export type { AscDiagnostic, AscRun } from "./run-asc.js";
export { TransformBase } from "./transform-base.js";
export type { TransformMembers } from "./transform-base.js";
export * from "./binaryen-helpers.js";
