/**
 * @shared-rt/abi: every contract between shared-rt's packages, in one place. No dependencies,
 * no logic beyond small pure helpers; safe in browsers. The AssemblyScript half of the runtime
 * contract lives in `@shared-rt/runtime`'s `assembly/abi.ts` and is parity-tested against this.
 */
export * from "./namespaces.js";
export * from "./runtime-interface.js";
export * from "./class-ids.js";
export * from "./shared-classes.js";
export * from "./object-header.js";
export * from "./register-codes.js";
export * from "./relocation.js";
export * from "./class-layouts.js";
export * from "./plugin-layout.js";
export * from "./manifest.js";
export * from "./manifest-schema.js";
export * from "./manifest-checks.js";
export type { Infer, Schema, SchemaProblem } from "./schema.js";
export * from "./import-providers.js";
export * from "./ranges.js";
export * from "./dispatch.js";
export * from "./plugin-package.js";
export * from "./futures.js";
export * from "./threads.js";
