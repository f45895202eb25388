import type { AscDiagnostic } from "@shared-rt/runtime/asc";

/**
 * Every code a {@link LinkError} can carry, in the order of the README's "Errors" section (a
 * test keeps the two equal, and checks that each code is thrown somewhere).
 */
export const LINK_ERROR_CODES = [
  "NO_PROJECT",
  "BAD_PROJECT",
  "COMPILE_FAILED",
  "NOT_A_PLUGIN",
  "ABI_MISMATCH",
  "COLLECTOR_MISMATCH",
  "COMPILER_MISMATCH",
  "RELOCATION_FAILED",
  "NOT_RELOCATABLE",
  "IMPORT_UNRESOLVED",
  "IMPORT_KIND_MISMATCH",
  "IMPORT_SIGNATURE_MISMATCH",
  "CLASS_LAYOUT_MISMATCH",
  "PRIVATE_CLASS_SHARED",
  "SHARED_CLASS_IDS",
  "DEPENDENCY_CYCLE",
  "OVERLAPPING_RANGES",
  "MEMORY_EXCEEDS_MAXIMUM",
  "BAD_HOST_MODULE",
  "NOT_BUILT",
  "BAD_TARGET",
  "FILE_EXISTS",
] as const;

export type LinkErrorCode = (typeof LINK_ERROR_CODES)[number];

/** One problem of a project file (BAD_PROJECT): the JSON path at fault and, when read from text, where. */
export interface ProjectProblem {
  /** The key path, dotted (`plugins.a.entry`), `(root)` for the whole file. */
  path: string;
  message: string;
  /** 1-based line and column of the key or value at fault in the project file. */
  line?: number;
  column?: number;
}

/** A build or link failure. `code` is stable; the message names the plugin, file or key at fault. */
export class LinkError extends Error {
  readonly code: LinkErrorCode;
  /** For COMPILE_FAILED: the compiler's diagnostics, structured (file, line, column, code, category). */
  readonly diagnostics?: AscDiagnostic[];
  /** For BAD_PROJECT: every problem of the project file, each with its path (and line:column). */
  readonly problems?: ProjectProblem[];
  constructor(code: LinkErrorCode, message: string, options?: { cause?: unknown; diagnostics?: AscDiagnostic[]; problems?: ProjectProblem[] }) {
    super(message, options);
    this.name = "LinkError";
    this.code = code;
    if (options?.diagnostics) this.diagnostics = options.diagnostics;
    if (options?.problems) this.problems = options.problems;
  }
}
