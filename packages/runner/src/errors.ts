/**
 * Errors the host throws. Each has a stable `code` to match on and names the plugin (and the
 * export or import) involved.
 */
export class SharedRtError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** The project could not be loaded: a missing file, a bad manifest, an unresolved import. */
export class LoadError extends SharedRtError {
  readonly plugin: string | undefined;
  constructor(code: string, plugin: string | undefined, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.plugin = plugin;
  }
}

/** A plugin called `abort` (a failed assertion, a thrown error, an out-of-range access). */
export class PluginAbort extends SharedRtError {
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

/** A call into a plugin failed: a trap, an abort, or a bad argument. */
export class PluginCallError extends SharedRtError {
  readonly plugin: string;
  readonly export: string;
  constructor(code: string, plugin: string, exportName: string, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.plugin = plugin;
    this.export = exportName;
  }
}

/** A JS value could not become the AssemblyScript type asked for (outside a call: `host.allocate`). */
export class ValueError extends SharedRtError {
  readonly type: string;
  constructor(code: string, type: string, message: string) {
    super(code, message);
    this.type = type;
  }
}
