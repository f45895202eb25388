/** Every code a runtime build fails with; `RuntimeBuildErrorCode` is their union. */
export const RUNTIME_BUILD_ERROR_CODES = [
  "BAD_OPTIONS",
  "COMPILE_FAILED",
  "UNEXPECTED_COMPILER_OUTPUT",
  "TOO_MANY_CLASSES",
  "TOO_MANY_ENTRY_POINTS",
  "UNLISTED_ENTRY_POINT",
] as const;

export type RuntimeBuildErrorCode = (typeof RUNTIME_BUILD_ERROR_CODES)[number];

/** A runtime build that failed: `code` is stable; the message says what was expected and found. */
export class RuntimeBuildError extends Error {
  readonly code: RuntimeBuildErrorCode;
  constructor(code: RuntimeBuildErrorCode, message: string) {
    super(message);
    this.name = "RuntimeBuildError";
    this.code = code;
  }
}
