/**
 * The wasm files of a project: read through the caller's `readFile`, checked against the hash
 * the manifest recorded (so a rebuilt plugin never runs against a stale layout; sha256.ts), compiled and
 * instantiated, with failures named after the runtime or the plugin they concern.
 */
import { LoadError } from "./errors.js";
import { sha256 } from "./sha256.js";

export { sha256 } from "./sha256.js";

/**
 * Reads `file`, then hashes and compiles it at once (the engine compiles on its background
 * threads while the file is hashed, so neither waits for the other); the module is given only once
 * the hash is the one the manifest was linked with, and a file that fails both is a HASH_MISMATCH, not a
 * compile error. `plugin` undefined for the runtime; `skipHashCheck` (the load option) trusts the
 * file unchecked. `prepare` rewrites the bytes that are compiled (a worker of a threaded host,
 * thread-join.ts); the hash is always the file's own.
 */
export async function readCheckedModule(
  readFile: (file: string) => Promise<Uint8Array>,
  file: string,
  hash: string,
  plugin: string | undefined,
  skipHashCheck = false,
  prepare: (bytes: Uint8Array) => Uint8Array = (bytes) => bytes,
): Promise<WebAssembly.Module> {
  const bytes = await readBytes(readFile, file, plugin);
  const compiled = compileModule(prepare(bytes), plugin ?? "runtime", file);
  if (skipHashCheck) return compiled;
  compiled.catch(() => {});
  await checkHash(bytes, file, hash, plugin);
  return compiled;
}

/** `readFile(file)`, a failure named MISSING_FILE after the plugin (or the runtime). */
async function readBytes(readFile: (file: string) => Promise<Uint8Array>, file: string, plugin: string | undefined): Promise<Uint8Array> {
  try {
    return await readFile(file);
  } catch (error) {
    const who = plugin ? `plugin '${plugin}'` : "the runtime";
    throw new LoadError("MISSING_FILE", plugin, `cannot read ${who} from '${file}': ${(error as Error).message}`, { cause: error });
  }
}

/** Refuses `bytes` unless they are the file the manifest was linked with (HASH_MISMATCH). */
async function checkHash(bytes: Uint8Array, file: string, hash: string, plugin: string | undefined): Promise<void> {
  const who = plugin ? `plugin '${plugin}'` : "the runtime";
  const actual = await sha256(bytes);
  if (actual !== hash) {
    throw new LoadError(
      "HASH_MISMATCH",
      plugin,
      `${who} in '${file}' is not the file the manifest was linked with (expected ${hash}, found ${actual}); rebuild the project`,
    );
  }
}

/** `cannot compile plugin 'words' from 'words.wasm': …`, naming the plugin or the runtime (`who` is `runtime`) and the file, if any. */
function failed(what: string, who: string, error: unknown, file?: string): LoadError {
  const name = who === "runtime" ? "the runtime" : `plugin '${who}'`;
  const from = file ? ` from '${file}'` : "";
  return new LoadError("INSTANTIATE_FAILED", who === "runtime" ? undefined : who, `cannot ${what} ${name}${from}: ${(error as Error).message}`, {
    cause: error,
  });
}

/** Compiles the module of `who` (a plugin's name, or `runtime`) read from `file`. */
export async function compileModule(bytes: Uint8Array, who: string, file?: string): Promise<WebAssembly.Module> {
  try {
    return await WebAssembly.compile(bytes as Uint8Array<ArrayBuffer>);
  } catch (error) {
    throw failed("compile", who, error, file);
  }
}

/**
 * Instantiates the module of `who` (a plugin's name, or `runtime`). `otherwise`: other imports to
 * try once, when these do not link (a LinkError: nothing of the module ran yet).
 */
export async function instantiateModule(
  module: WebAssembly.Module,
  imports: WebAssembly.Imports,
  who: string,
  otherwise?: () => WebAssembly.Imports | undefined,
): Promise<WebAssembly.Instance> {
  try {
    return await WebAssembly.instantiate(module, imports);
  } catch (error) {
    const other = error instanceof WebAssembly.LinkError ? otherwise?.() : undefined;
    if (other) return instantiateModule(module, other, who);
    throw failed("instantiate", who, error);
  }
}
