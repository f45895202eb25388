import type binaryenNs from "assemblyscript/binaryen";
import { PLUGIN_EXPORTS, VARARGS_EXPORT_PREFIX } from "@shared-rt/abi";
import { SharedInitError } from "./shared-init-error.js";

type Binaryen = typeof binaryenNs;
type Module = binaryenNs.Module;

/**
 * Exports with default parameters, callable from the host and from other plugins.
 *
 * asc exports `f(a, b = 1)` through a wrapper (`…/f@varargs`) that applies the defaults by
 * reading the module global `~argumentsLength`, which a caller must set through the exported
 * `__setArgumentsLength` first. Another plugin importing `f` cannot know that (its call is
 * an ordinary import call, with every argument), and the global starts at 0, so the wrapper
 * trapped. So:
 * - the export `f` becomes a small function that sets the count to all parameters and calls
 *   the wrapper: a call with every argument needs nothing from the caller;
 * - the wrapper stays exported as `~varargs_f` (VARARGS_EXPORT_PREFIX), for a host that omits trailing
 *   arguments: it sets `__setArgumentsLength(n)` and calls that.
 */

const ARGUMENTS_LENGTH = "~argumentsLength";
const SET_ARGUMENTS_LENGTH = PLUGIN_EXPORTS.setArgumentsLength;

/**
 * Rewrites every exported varargs wrapper as described above and returns the names of the
 * exports it rewrote.
 */
export function exportVarargs(binaryen: Binaryen, module: Module): string[] {
  const rewritten: string[] = [];
  const wrappers: { exportName: string; func: string }[] = [];
  for (let i = 0, n = module.getNumExports(); i < n; ++i) {
    const info = binaryen.getExportInfo(module.getExportByIndex(i));
    if (info.kind === binaryen.ExternalFunction && info.value.endsWith("@varargs")) wrappers.push({ exportName: info.name, func: info.value });
  }
  if (!wrappers.length) return rewritten;
  if (!module.getGlobal(ARGUMENTS_LENGTH)) {
    throw new SharedInitError(
      "UNEXPECTED_COMPILER_OUTPUT",
      `shared-init: the export '${wrappers[0].exportName}' takes optional arguments but the module has no ${ARGUMENTS_LENGTH} global`,
    );
  }
  for (const { exportName, func } of wrappers) {
    const info = binaryen.getFunctionInfo(module.getFunction(func));
    const params = binaryen.expandType(info.params);
    const full = `export:all-arguments:${exportName}`;
    const body = module.block(
      null,
      [
        module.global.set(ARGUMENTS_LENGTH, module.i32.const(params.length)),
        module.call(
          func,
          params.map((type, k) => module.local.get(k, type)),
          info.results,
        ),
      ],
      info.results,
    );
    module.addFunction(full, info.params, info.results, [], body);
    module.removeExport(exportName);
    module.addFunctionExport(full, exportName);
    module.addFunctionExport(func, VARARGS_EXPORT_PREFIX + exportName);
    rewritten.push(exportName);
  }
  if (!module.getExport(SET_ARGUMENTS_LENGTH)) {
    throw new SharedInitError(
      "UNEXPECTED_COMPILER_OUTPUT",
      `shared-init: the module exports functions with optional arguments but not ${SET_ARGUMENTS_LENGTH}`,
    );
  }
  return rewritten;
}
