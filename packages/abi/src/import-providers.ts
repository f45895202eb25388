import type { ManifestImport } from "./manifest.js";
import type { ExportSignature } from "./plugin-layout.js";
import { ENV_NAMESPACE, LOAD_NAMESPACE, RUNTIME_NAMESPACE } from "./namespaces.js";

/**
 * Who provides an import: `runtime` (the shared runtime), `env` (AssemblyScript's standard host
 * functions), `load` (what the host decides when it loads a relocatable plugin), `plugin:<name>`
 * (another plugin's export) or `host` (the project's host module, or functions given at load).
 */
export type ImportProvider = "runtime" | "env" | "load" | "host" | `plugin:${string}`;

const PLUGIN_PREFIX = "plugin:";

/**
 * Classifies an import by its namespace. `isPlugin(name)` says whether a plugin of that name is
 * (or will be) there; a plugin never imports from itself, so its own name is the host's.
 */
export function providerOf(namespace: string, importer: string, isPlugin: (name: string) => boolean, relocatable = false): ImportProvider {
  if (namespace === RUNTIME_NAMESPACE) return "runtime";
  if (namespace === ENV_NAMESPACE) return "env";
  if (namespace === LOAD_NAMESPACE && relocatable) return "load";
  if (namespace !== importer && isPlugin(namespace)) return pluginProvider(namespace);
  return "host";
}

export function pluginProvider(name: string): ImportProvider {
  return `${PLUGIN_PREFIX}${name}`;
}

/** The plugin named by a `plugin:<name>` provider, or undefined for any other provider. */
export function providingPlugin(provider: string): string | undefined {
  return provider.startsWith(PLUGIN_PREFIX) ? provider.slice(PLUGIN_PREFIX.length) : undefined;
}

/**
 * An import as a manifest lists it: its provider and, for a function the host provides, the
 * signature the plugin's layout records for it (`signatures` keyed `module.name`), by which the
 * host converts its arguments and result.
 */
export function manifestImport(
  module: string,
  name: string,
  provider: ImportProvider,
  signatures: Record<string, ExportSignature> | undefined,
): ManifestImport {
  const signature = provider === "host" ? signatures?.[`${module}.${name}`] : undefined;
  return signature ? { module, name, provider, signature } : { module, name, provider };
}
