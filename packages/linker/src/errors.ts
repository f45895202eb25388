import type { AscDiagnostic } from "@shared-rt/runtime";

/** A build or link failure. `code` is stable; the message names the plugin, file or key at fault. */
export class LinkError extends Error {
  readonly code: string;
  /** For COMPILE_FAILED: the compiler's diagnostics, structured (file, line, column, code, category). */
  readonly diagnostics?: AscDiagnostic[];
  constructor(code: string, message: string, options?: { cause?: unknown; diagnostics?: AscDiagnostic[] }) {
    super(message, options);
    this.name = "LinkError";
    this.code = code;
    if (options?.diagnostics) this.diagnostics = options.diagnostics;
  }
}
