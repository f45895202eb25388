/**
 * Calling a plugin's export from JS: the export looked up, its recorded signature parsed once
 * (with the site of each argument, for messages), the argument count checked, the arguments
 * lowered and pinned for the call, the call run under the guard, and the result lifted (or
 * owned). An isolated plugin's export is called by its own host.
 */
import { isReference, parseType } from "./as-types.js";
import { callWithArguments, checkArity, omittedValue } from "./default-arguments.js";
import { PluginCallError, ValueError, type CallErrorCode } from "./errors.js";
import type { HostContext, HostFace, LoadedPlugin, ParsedSignature } from "./host-context.js";
import { futureValueType } from "./future-values.js";
import { afterWasm, executorOf } from "./futures-executor.js";
import { lift } from "./lift-values.js";
import { Owned } from "./owned.js";
import type { Site } from "./value-messages.js";

type WasmFunction = (...args: unknown[]) => unknown;

/** Calls `pluginName.exportName` with JS values; `owned` returns an owned handle to the result. */
export function invoke<H extends HostFace>(ctx: HostContext<H>, pluginName: string, exportName: string, args: unknown[], owned: boolean): unknown {
  const isolated = ctx.isolated.get(pluginName);
  if (isolated) return owned ? isolated.callOwned(pluginName, exportName, ...args) : isolated.call(pluginName, exportName, ...args);
  const plugin = ctx.plugin(pluginName);
  const fn = exportedFunction(plugin, exportName);
  const signature = signatureOf(ctx, plugin, exportName);
  const { params, result } = signature;
  const recorded = plugin.manifest.exports[exportName];
  checkArity(pluginName, exportName, recorded, args.length);
  if (owned && !isReference(result)) {
    throw new PluginCallError(
      "NOT_A_REFERENCE",
      pluginName,
      exportName,
      `${pluginName}.${exportName} returns ${recorded.result}, not an object: use call(), there is nothing to own`,
    );
  }
  // Fewer arguments than parameters (trailing defaults): asc's wrapper, told how many.
  const target = callWithArguments(pluginName, exportName, plugin.instance.exports, fn, params.length, args.length);
  const temps: number[] = [];
  try {
    return ctx.calls.run(pluginName, exportName, () => {
      const lowered = params.map((type, i) => (i < args.length ? ctx.lowering.lowerArgument(args[i], type, signature.sites[i], temps) : omittedValue(type)));
      const raw = target(...lowered);
      if (owned) return raw ? new Owned(ctx.host, raw as number, recorded.result) : null;
      // A `Future<T>` becomes a Promise of the converted T, the future pinned until it finishes.
      if (signature.future) return executorOf(ctx).await(raw as number, signature.future, pluginName, exportName);
      return lift(ctx.heap, raw, result);
    });
  } finally {
    for (const ptr of temps) ctx.pins.unpin(ptr);
    afterWasm(ctx);
  }
}

/** The export as a function, if the plugin exports it and its signature was recorded. */
function exportedFunction(plugin: LoadedPlugin, exportName: string): WasmFunction {
  const fn = (plugin.instance.exports as Record<string, unknown>)[exportName];
  if (typeof fn !== "function" || !plugin.manifest.exports[exportName]) {
    const known = Object.keys(plugin.manifest.exports).join(", ") || "none";
    throw new PluginCallError(
      "NO_SUCH_EXPORT",
      plugin.name,
      exportName,
      `plugin '${plugin.name}' has no exported function '${exportName}' (it exports: ${known})`,
    );
  }
  return fn as WasmFunction;
}

/** An export's parsed signature, with where each argument is for messages (made once). */
function signatureOf<H extends HostFace>(ctx: HostContext<H>, plugin: LoadedPlugin, exportName: string): ParsedSignature {
  let ofPlugin = ctx.signatures.get(plugin);
  if (!ofPlugin) {
    ofPlugin = new Map();
    ctx.signatures.set(plugin, ofPlugin);
  }
  let parsed = ofPlugin.get(exportName);
  if (!parsed) {
    const recorded = plugin.manifest.exports[exportName];
    const params = recorded.params.map(parseType);
    const fail = (code: CallErrorCode, message: string) => new PluginCallError(code, plugin.name, exportName, message);
    const sites = params.map(
      (type, i): Site => ({ plugin: plugin.name, what: `argument ${i + 1} of ${plugin.name}.${exportName}`, declared: type.text, fail }),
    );
    const result = parseType(recorded.result);
    parsed = { params, result, sites, future: futureValueType(result, recorded.bases) };
    ofPlugin.set(exportName, parsed);
  }
  return parsed;
}

/** Where a value given to `own`, `lower` or `allocate` is converted: its failures are ValueErrors. */
export function valueSite(type: string, plugin: string | undefined): Site {
  return {
    plugin,
    what: "the value",
    fail: (code, message) => new ValueError(code === "BAD_ARGUMENT" ? "BAD_VALUE" : code, type, message),
  };
}
