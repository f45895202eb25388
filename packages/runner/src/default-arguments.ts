/**
 * Calling exports whose trailing parameters have defaults with fewer arguments.
 *
 * asc exports `greet(name: string, punct: string = "!")` through a wrapper that applies the
 * defaults by reading the module global `~argumentsLength`. The shared-init transform makes
 * the export `greet` itself a function that sets that count to every parameter and calls the
 * wrapper, so a call with every argument is an ordinary call; the wrapper stays exported as
 * `~varargs_greet` (VARARGS_EXPORT_PREFIX), and the signature records how many parameters are `optional`. With
 * fewer arguments the host sets the count through the plugin's `__setArgumentsLength` and calls
 * the wrapper, passing the wasm zero of each omitted parameter (the wrapper replaces it with
 * the default).
 */
import { PLUGIN_EXPORTS, VARARGS_EXPORT_PREFIX, type ExportSignature } from "@shared-rt/abi";
import type { AsType } from "./as-types.js";
import { PluginCallError } from "./errors.js";

type WasmFunction = (...args: unknown[]) => unknown;

/** How the parameters read in an arity message: `string, string?`. */
function spelled(signature: ExportSignature): string {
  const required = signature.params.length - (signature.optional ?? 0);
  return signature.params.map((type, i) => (i < required ? type : `${type}?`)).join(", ");
}

/** Refuses a call with a number of arguments the export does not accept, saying which it does. */
export function checkArity(pluginName: string, exportName: string, signature: ExportSignature, count: number): void {
  const max = signature.params.length;
  const min = max - (signature.optional ?? 0);
  if (count >= min && count <= max) return;
  const qualified = `${pluginName}.${exportName}(${spelled(signature)})`;
  const message = min === max ? `${qualified} takes ${max} argument(s), got ${count}` : `${qualified} expects ${min} to ${max} arguments, found ${count}`;
  throw new PluginCallError("BAD_ARGUMENT", pluginName, exportName, message);
}

/** The wasm zero of an omitted parameter's type: the wrapper puts the default in its place. */
export function omittedValue(type: AsType): number | bigint {
  return type.kind === "bigint" ? 0n : 0;
}

/**
 * What to call for `count` arguments: the export itself when every argument is given, else a
 * function that sets the argument count and calls asc's wrapper (both looked up in the plugin's
 * exports, so a plugin built without them fails with a message instead of a trap).
 */
export function callWithArguments(
  pluginName: string,
  exportName: string,
  exports: Record<string, unknown>,
  fn: WasmFunction,
  total: number,
  count: number,
): WasmFunction {
  if (count === total) return fn;
  const wrapper = exports[VARARGS_EXPORT_PREFIX + exportName];
  const setArgumentsLength = exports[PLUGIN_EXPORTS.setArgumentsLength];
  if (typeof wrapper !== "function" || typeof setArgumentsLength !== "function") {
    throw new PluginCallError(
      "BAD_ARGUMENT",
      pluginName,
      exportName,
      `${pluginName}.${exportName} has default parameters, but plugin '${pluginName}' does not export ${VARARGS_EXPORT_PREFIX}${exportName} and ${PLUGIN_EXPORTS.setArgumentsLength} to apply them; rebuild it with the current shared-init, or pass all ${total} arguments`,
    );
  }
  return (...args: unknown[]) => {
    (setArgumentsLength as (n: number) => void)(count);
    return (wrapper as WasmFunction)(...args);
  };
}
