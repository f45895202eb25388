import {
  ABI_VERSION,
  DISPATCH_FUNCTIONS,
  THREAD_FUNCTIONS,
  manifestImport,
  RUNTIME_FUNCTIONS,
  RUNTIME_GLOBALS,
  SHARED_EXPORT_PREFIX,
  providerOf,
  providingPlugin,
  type ManifestImport,
} from "@shared-rt/abi";
import { checkSignature } from "./check-link.js";
import type { CompiledPlugin } from "./compile-plugin.js";
import { LinkError } from "./errors.js";
import { nearest } from "./suggest.js";

/**
 * Finds the provider of every import of a plugin (see abi's providerOf) and checks that it is
 * there: the runtime exports it, the plugin named by the namespace exports it with the same
 * kind and an agreeing signature, or the project has a host module.
 */
export function resolveImports(plugin: CompiledPlugin, byName: Map<string, CompiledPlugin>, hasHost: boolean): ManifestImport[] {
  const relocatable = Boolean(plugin.layout.relocatable);
  return plugin.imports.map((imp) => {
    const provider = providerOf(imp.module, plugin.name, (name) => byName.has(name), relocatable);
    const what = `plugin '${plugin.name}' imports '${imp.module}.${imp.name}'`;
    const exporter = providingPlugin(provider);
    if (exporter !== undefined) checkPluginImport(what, plugin, imp, byName.get(exporter)!);
    else if (provider === "runtime") checkRuntimeImport(what, imp);
    else if (provider === "host" && !hasHost) throw unprovided(what, plugin, imp, byName);
    return manifestImport(imp.module, imp.name, provider, plugin.layout.imports);
  });
}

/** The plugins each plugin imports from, for ordering them. */
export function pluginDependencies(imports: Map<string, ManifestImport[]>): Map<string, Set<string>> {
  const dependencies = new Map<string, Set<string>>();
  for (const [name, list] of imports) {
    dependencies.set(name, new Set(list.map((i) => providingPlugin(i.provider)).filter((p) => p !== undefined)));
  }
  return dependencies;
}

function checkRuntimeImport(what: string, imp: WebAssembly.ModuleImportDescriptor): void {
  if (!(imp.name in RUNTIME_FUNCTIONS) && !(imp.name in RUNTIME_GLOBALS) && !(imp.name in DISPATCH_FUNCTIONS) && !(imp.name in THREAD_FUNCTIONS)) {
    throw new LinkError("IMPORT_UNRESOLVED", `${what}, which the shared runtime (ABI ${ABI_VERSION}) does not export`);
  }
}

function checkPluginImport(what: string, importer: CompiledPlugin, imp: WebAssembly.ModuleImportDescriptor, exporter: CompiledPlugin): void {
  const exp = exporter.exports.find((e) => e.name === imp.name);
  if (!exp) {
    const offered = exporter.exports
      .filter((e) => e.kind === "function" && !e.name.startsWith(SHARED_EXPORT_PREFIX) && e.name !== exporter.layout.start)
      .map((e) => e.name);
    throw new LinkError(
      "IMPORT_UNRESOLVED",
      `${what}, but plugin '${imp.module}' does not export '${imp.name}' (it exports: ${offered.join(", ") || "nothing"})`,
    );
  }
  if (exp.kind !== imp.kind) throw new LinkError("IMPORT_KIND_MISMATCH", `${what} as a ${imp.kind}, plugin '${imp.module}' exports it as a ${exp.kind}`);
  checkSignature(importer.name, imp.module, imp.name, importer.layout.imports?.[`${imp.module}.${imp.name}`], exporter.layout.exports[imp.name]);
}

/**
 * An import only a host module could provide, in a project without one. An import named after
 * the importing plugin itself is the host's too: a module never imports from itself.
 */
function unprovided(what: string, plugin: CompiledPlugin, imp: WebAssembly.ModuleImportDescriptor, byName: Map<string, CompiledPlugin>): LinkError {
  if (imp.module === plugin.name) {
    return new LinkError(
      "IMPORT_UNRESOLVED",
      `${what}: a plugin cannot import from itself, and the project has no "host" module to provide '${imp.module}.${imp.name}'`,
    );
  }
  const like = nearest(
    imp.module,
    [...byName.keys()].filter((n) => n !== plugin.name),
  );
  return new LinkError(
    "IMPORT_UNRESOLVED",
    `${what}: no plugin is named '${imp.module}' and the project has no "host" module to provide it${like ? `; did you mean plugin '${like}'?` : ""}`,
  );
}
