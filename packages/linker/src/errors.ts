/** A build or link failure. `code` is stable; the message names the plugin, file or key at fault. */
export class LinkError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "LinkError";
    this.code = code;
  }
}
