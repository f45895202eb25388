/**
 * Why shared-init refused or failed, for code that wants to catch one case (README "Errors"
 * lists the same codes):
 * - `RUNTIME_NOT_SHARED`: the module brings its own runtime or uses the stub runtime;
 * - `BAD_CLASS_BASE`: the class-id base is not an integer at or above the plugins' first id;
 * - `RUNTIME_ABI_MISMATCH`: the module imports a runtime function the ABI does not define, or
 *   with another type;
 * - `UNEXPECTED_COMPILER_OUTPUT`: asc produced something the transform does not know (a
 *   missing visitor, global or switch): a sign that AssemblyScript's internals changed;
 * - `NOT_ASC_COMMAND_LINE`: SHARED_INIT_RELOCATABLE outside the asc command line;
 * - `SECOND_BUILD_FAILED`: the second build of command-line relocatable mode failed;
 * - `RELOCATION_FAILED`: two builds could not be made one relocatable module ({@link RelocationError});
 * - `BAD_SHARED_CLASSES`: the shared class registry given (option or SHARED_INIT_SHARED_CLASSES)
 *   is unreadable or holds ids outside the shared range;
 * - `TOO_MANY_SHARED_CLASSES`: a new shared class finds no free shared id;
 * - `BLOCKING_WAIT`: plugin code blocks in a raw `atomic.wait`, which is no safepoint for a
 *   threaded project's collector (blocking-wait.ts).
 */
export type SharedInitErrorCode =
  | "RUNTIME_NOT_SHARED"
  | "BAD_CLASS_BASE"
  | "RUNTIME_ABI_MISMATCH"
  | "UNEXPECTED_COMPILER_OUTPUT"
  | "NOT_ASC_COMMAND_LINE"
  | "SECOND_BUILD_FAILED"
  | "RELOCATION_FAILED"
  | "BAD_SHARED_CLASSES"
  | "TOO_MANY_SHARED_CLASSES"
  | "BLOCKING_WAIT";

/** Everything shared-init throws. `code` is stable; the message says what and where. */
export class SharedInitError<Code extends SharedInitErrorCode = SharedInitErrorCode> extends Error {
  readonly code: Code;
  constructor(code: Code, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "SharedInitError";
    this.code = code;
  }
}

/** Two builds of a plugin could not be made one relocatable module. */
export class RelocationError extends SharedInitError<"RELOCATION_FAILED"> {
  constructor(message: string) {
    super("RELOCATION_FAILED", message);
    this.name = "RelocationError";
  }
}

/**
 * Fails a relocation with a message naming the plugin, its file and, while a module field is
 * being read, the function or global in it (from the build's debug names).
 */
export class RelocationFailure {
  /** ` (in function f)` or ` (in global g)`, or empty when the failure is about the whole module. */
  where = "";

  constructor(
    private readonly plugin: string,
    private readonly file?: string,
  ) {}

  readonly fail = (why: string): never => {
    throw new RelocationError(`plugin '${this.plugin}'${this.file ? ` (${this.file})` : ""} cannot be made relocatable: ${why}${this.where}`);
  };
}
