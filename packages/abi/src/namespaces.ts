/**
 * Names that plugins, the runtime, the linker and the host agree on: import namespaces and
 * custom sections. Bump {@link ABI_VERSION} whenever any contract in this package changes shape.
 */

/** Version of the registration ABI. The runtime refuses plugins built for another one. */
export const ABI_VERSION = 3;

/**
 * Import namespace under which plugins find the runtime. Reserved: no plugin may use it (a
 * plugin's name starts with a letter or `_`). Short: every plugin repeats it in each runtime import.
 */
export const RUNTIME_NAMESPACE = "~rt";

/** Import namespace of AssemblyScript's standard host functions (abort, trace, seed, …). */
export const ENV_NAMESPACE = "env";

/** Import namespace of what the host decides when it loads a relocatable plugin (bases, statics). */
export const LOAD_NAMESPACE = "shared-rt.load";

/** Name of the custom section in which a plugin records its layout (JSON, UTF-8). */
export const LAYOUT_SECTION = "shared-rt.layout";

/** Custom section of a relocatable plugin holding the bytes of its static objects. */
export const STATICS_SECTION = "shared-rt.statics";

/** The collectors a project can choose. */
export type Collector = "incremental" | "minimal";
export const COLLECTORS: readonly Collector[] = ["incremental", "minimal"];
