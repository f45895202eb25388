/**
 * The wasm files of a project: read through the caller's `readFile`, checked against the hash
 * the manifest recorded (so a rebuilt plugin never runs against a stale layout), compiled and
 * instantiated, with failures named after the runtime or the plugin they concern.
 */
import { LoadError } from "./errors.js";

/** `sha256-<hex>` of `bytes`, as the manifest records hashes. */
export async function sha256(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>);
  return `sha256-${Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("")}`;
}

/** Reads `file` and checks it is the one the manifest was linked with; `plugin` undefined for the runtime. */
export async function readChecked(
  readFile: (file: string) => Promise<Uint8Array>,
  file: string,
  hash: string,
  plugin: string | undefined,
): Promise<Uint8Array> {
  const who = plugin ? `plugin '${plugin}'` : "the runtime";
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw new LoadError("MISSING_FILE", plugin, `cannot read ${who} from '${file}': ${(error as Error).message}`, { cause: error });
  }
  const actual = await sha256(bytes);
  if (actual !== hash) {
    throw new LoadError(
      "HASH_MISMATCH",
      plugin,
      `${who} in '${file}' is not the file the manifest was linked with (expected ${hash}, found ${actual}); rebuild the project`,
    );
  }
  return bytes;
}

/** `cannot compile plugin 'words': …`, naming the plugin or the runtime (`who` is `runtime`). */
function failed(what: string, who: string, error: unknown): LoadError {
  const name = who === "runtime" ? "the runtime" : `plugin '${who}'`;
  return new LoadError("INSTANTIATE_FAILED", who === "runtime" ? undefined : who, `cannot ${what} ${name}: ${(error as Error).message}`, { cause: error });
}

/** Compiles the module of `who` (a plugin's name, or `runtime`). */
export async function compileModule(bytes: Uint8Array, who: string): Promise<WebAssembly.Module> {
  try {
    return await WebAssembly.compile(bytes as Uint8Array<ArrayBuffer>);
  } catch (error) {
    throw failed("compile", who, error);
  }
}

/** Instantiates the module of `who` (a plugin's name, or `runtime`). */
export async function instantiateModule(module: WebAssembly.Module, imports: WebAssembly.Imports, who: string): Promise<WebAssembly.Instance> {
  try {
    return await WebAssembly.instantiate(module, imports);
  } catch (error) {
    throw failed("instantiate", who, error);
  }
}
