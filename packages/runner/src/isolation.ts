/**
 * Isolated plugins. A plugin marked `"isolated": true` gets a memory, a table and a runtime of
 * its own: it is loaded by a host of its own over the same runtime module, so its addresses
 * are the ones it was linked at, in a memory no other plugin can reach.
 *
 * Calls that cross the boundary (a shared plugin importing from an isolated one, or the other
 * way round) cannot pass pointers: the host bridges them, copying each argument out of the
 * caller's memory into the callee's, and the result back, by the callee's recorded signature.
 * Classes the host cannot convert cannot cross, and the link is refused when loading.
 */
import { providingPlugin, type Manifest, type ManifestPlugin } from "@shared-rt/abi";
import { isReference, parseType, type AsType } from "./as-types.js";
import { LoadError } from "./errors.js";
import type { HostImports } from "./load-options.js";

/** What a bridge needs of a host: the public conversions and calls (a SharedHost is one). */
export interface BridgeHost {
  call(pluginName: string, exportName: string, ...args: unknown[]): unknown;
  lift(ptr: number, type: string | AsType): unknown;
  lower(value: unknown, type: string, plugin?: string): number;
}

/** A host that runs a plugin an isolated one imports from: its calls, and its plugins' manifests. */
export interface ProviderHost extends BridgeHost {
  plugin(name: string): { readonly manifest: ManifestPlugin };
}

/**
 * A wasm-callable function that calls `provider.exportName` in another memory: arguments are
 * lifted out of the caller's memory and lowered into the provider's; the result goes back the
 * same way (unpinned: the caller receives it before anything can allocate).
 */
export function bridgeFunction(
  caller: BridgeHost,
  callerPlugin: string,
  providerHost: BridgeHost,
  provider: ManifestPlugin,
  exportName: string,
): (...raw: unknown[]) => unknown {
  const signature = provider.exports[exportName];
  const what = `plugin '${callerPlugin}' imports '${provider.name}.${exportName}' across an isolation boundary`;
  if (!signature) throw new LoadError("IMPORT_UNRESOLVED", callerPlugin, `${what}, but plugin '${provider.name}' records no signature for it`);
  const params = signature.params.map(parseType);
  const result = parseType(signature.result);
  [...params, result].forEach((type, i) => {
    if (holdsObjects(type)) {
      const which = i < params.length ? `argument ${i + 1}` : "its result";
      throw new LoadError(
        "ISOLATION_BOUNDARY",
        callerPlugin,
        `${what}: ${which} is ${type.text}, which cannot be copied from one memory to another (only numbers, strings, ArrayBuffers, typed arrays, and arrays, maps and sets of those can)`,
      );
    }
  });
  return (...raw: unknown[]) => {
    const args = params.map((type: AsType, i) => caller.lift(raw[i] as number, type));
    const value = providerHost.call(provider.name, exportName, ...args);
    if (!isReference(result)) return result.kind === "bool" ? (value ? 1 : 0) : value;
    return value === null ? 0 : caller.lower(value, signature.result, callerPlugin);
  };
}

/**
 * The manifest an isolated plugin is loaded with: the project's runtime and this plugin alone.
 * Its imports from other plugins become host imports, which the bridges provide.
 */
export function isolatedManifest(manifest: Manifest, plugin: ManifestPlugin): Manifest {
  return {
    ...manifest,
    plugins: [
      {
        ...plugin,
        isolated: false,
        imports: plugin.imports.map((imp) => (providingPlugin(imp.provider) !== undefined ? { ...imp, provider: "host" as const } : imp)),
      },
    ],
  };
}

/**
 * The bridges an isolated plugin (loaded by `child`) imports: one per import from another
 * plugin, calling it in the host `hostOf` says runs it.
 */
export function bridgesFor(plugin: ManifestPlugin, child: BridgeHost, hostOf: (name: string) => ProviderHost): HostImports {
  const out: HostImports = {};
  for (const imp of plugin.imports) {
    const name = providingPlugin(imp.provider);
    if (name === undefined) continue;
    const provider = hostOf(name);
    out[imp.module] ??= {};
    out[imp.module][imp.name] = bridgeFunction(child, plugin.name, provider, provider.plugin(name).manifest, imp.name);
  }
  return out;
}

/** An isolated plugin's imports: the ones given for it at load over its bridges, namespace by namespace. */
export function withBridges(own: HostImports, bridges: HostImports): HostImports {
  for (const [ns, fns] of Object.entries(own)) bridges[ns] = { ...bridges[ns], ...fns };
  return bridges;
}

/**
 * Whether a value of the type is or contains an object the host only knows by address (a
 * class, or a container of them): such an address means nothing in the other memory.
 */
function holdsObjects(type: AsType): boolean {
  switch (type.kind) {
    case "class":
      return true;
    case "array":
    case "staticarray":
    case "set":
      return holdsObjects(type.element);
    case "map":
      return holdsObjects(type.key) || holdsObjects(type.value);
    default:
      return false;
  }
}
