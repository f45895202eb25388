/**
 * Errors the host throws. Each has a stable `code` to match on and names the plugin (and the
 * export or import) involved. The code lists below are in the order of the README's "Errors"
 * section; a test keeps the two equal.
 */

/** Every code a {@link LoadError} can carry. */
export const LOAD_ERROR_CODES = [
  "MISSING_MANIFEST",
  "BAD_MANIFEST",
  "MISSING_FILE",
  "HASH_MISMATCH",
  "INSTANTIATE_FAILED",
  "IMPORT_UNRESOLVED",
  "NOT_A_PLUGIN",
  "REGISTER_REFUSED",
  "ISOLATION_BOUNDARY",
  "BAD_HOST_MODULE",
  "ALREADY_LOADED",
  "NOT_RELOCATABLE",
  "CLASS_LAYOUT_MISMATCH",
  "COMPILER_MISMATCH",
  "OVERLAPPING_RANGES",
  "BAD_RELOCATION",
  "TOO_MANY_SHARED_CLASSES",
  "IN_USE",
  "HEAP_CORRUPT",
  "BAD_MODULE",
  "THREADS_UNSUPPORTED",
] as const;

export type LoadErrorCode = (typeof LOAD_ERROR_CODES)[number];

/** Every code a {@link PluginCallError} can carry. */
export const CALL_ERROR_CODES = [
  "PLUGIN_ABORT",
  "PLUGIN_TRAP",
  "HOST_ERROR",
  "BAD_ARGUMENT",
  "NO_SUCH_EXPORT",
  "NOT_A_REFERENCE",
  "UNSUPPORTED_TYPE",
  "HEAP_CORRUPT",
  "MISSING_OVERRIDE",
  "FUTURE_FAILED",
  "FUTURE_CANCELLED",
  "JSPI_UNAVAILABLE",
  "ASYNC_NESTED",
  "ASYNC_LIMIT",
  "NOT_ASYNC_CALL",
] as const;

export type CallErrorCode = (typeof CALL_ERROR_CODES)[number];

/** Every code a {@link ValueError} can carry. */
export const VALUE_ERROR_CODES = ["BAD_VALUE", "UNSUPPORTED_TYPE"] as const;

export type ValueErrorCode = (typeof VALUE_ERROR_CODES)[number];

/** The code of a {@link PluginAbort}. */
export const ABORT_ERROR_CODES = ["PLUGIN_ABORT"] as const;

export type AbortErrorCode = (typeof ABORT_ERROR_CODES)[number];

/** Codes of errors thrown as a plain {@link SharedRtError}: no such plugin, a disposed handle, no view. */
export const HOST_ERROR_CODES = ["NO_SUCH_PLUGIN", "DISPOSED", "NO_VIEW", "COLLECT_TIMEOUT"] as const;

export type HostErrorCode = (typeof HOST_ERROR_CODES)[number];

/**
 * Every code any error of the host carries: the union of the lists above, so that a `switch`
 * on the `code` of a caught {@link SharedRtError} is checked by tsc.
 */
export type SharedRtErrorCode = LoadErrorCode | CallErrorCode | ValueErrorCode | AbortErrorCode | HostErrorCode;

/** The codes of every list above, each once (a code such as HEAP_CORRUPT is in two). */
export const SHARED_RT_ERROR_CODES: readonly SharedRtErrorCode[] = [
  ...new Set<SharedRtErrorCode>([...LOAD_ERROR_CODES, ...CALL_ERROR_CODES, ...VALUE_ERROR_CODES, ...ABORT_ERROR_CODES, ...HOST_ERROR_CODES]),
];

/** The base of every error the host throws; subclasses narrow `code` to their own list. */
export class SharedRtError extends Error {
  readonly code: SharedRtErrorCode;
  constructor(code: SharedRtErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** The project could not be loaded: a missing file, a bad manifest, an unresolved import. */
export class LoadError extends SharedRtError {
  declare readonly code: LoadErrorCode;
  readonly plugin: string | undefined;
  constructor(code: LoadErrorCode, plugin: string | undefined, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.plugin = plugin;
  }
}

/** A plugin called `abort` (a failed assertion, a thrown error, an out-of-range access). */
export class PluginAbort extends SharedRtError {
  declare readonly code: AbortErrorCode;
  readonly plugin: string;
  readonly reason: string;
  readonly file: string | null;
  readonly line: number;
  readonly column: number;
  constructor(plugin: string, reason: string, file: string | null, line: number, column: number) {
    const where = file ? ` at ${file}:${line}:${column}` : "";
    const who = plugin === "runtime" ? "the runtime" : `plugin '${plugin}'`;
    super("PLUGIN_ABORT", `${who} aborted: ${reason}${where}`);
    this.plugin = plugin;
    this.reason = reason;
    this.file = file;
    this.line = line;
    this.column = column;
  }
}

/**
 * The runtime stopped a virtual call it could not dispatch (no plugin registered the object's
 * class for the method). A call guard turns it into a {@link PluginCallError} `MISSING_OVERRIDE`.
 */
export class MissingOverride extends SharedRtError {
  declare readonly code: "MISSING_OVERRIDE";
  constructor(message: string) {
    super("MISSING_OVERRIDE", message);
  }
}

/** A call into a plugin failed: a trap, an abort, or a bad argument. */
export class PluginCallError extends SharedRtError {
  declare readonly code: CallErrorCode;
  readonly plugin: string;
  readonly export: string;
  constructor(code: CallErrorCode, plugin: string, exportName: string, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.plugin = plugin;
    this.export = exportName;
  }
}

/** A JS value could not become the AssemblyScript type asked for (outside a call: `host.allocate`). */
export class ValueError extends SharedRtError {
  declare readonly code: ValueErrorCode;
  readonly type: string;
  constructor(code: ValueErrorCode, type: string, message: string) {
    super(code, message);
    this.type = type;
  }
}

/** Thrown as a plain {@link SharedRtError}: its codes are {@link HOST_ERROR_CODES}. */
export function hostError(code: HostErrorCode, message: string): SharedRtError {
  return new SharedRtError(code, message);
}
