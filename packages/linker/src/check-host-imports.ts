/**
 * The project's host module, imported at build time, and the check that it provides every import
 * no plugin does: a typo in a plugin name (`@external("tokenizr", "f")`) fails the build naming
 * plugin, namespace and name, instead of every call at run time.
 *
 * The host module's default export takes the shapes the runner accepts (its `resolveImports`):
 * an object of import namespaces, or a function of the host returning one. A function is called
 * with an inert stand-in host, as most only close over it; one that throws (or reads the host
 * eagerly) cannot be checked, and the build says so in a warning.
 *
 * A host module that provides no namespace at all (`export default {}`) is a placeholder: the
 * host imports are given in code (`hostImports` of loadManifestFile or SharedHost.load), so they
 * are not checked; an import whose namespace is a near miss of a plugin name is a warning then.
 * A relocatable plugin's unprovided imports are warnings too: a plugin loaded before it at run
 * time, or the host imports given to `host.load`, may provide them.
 */
import { stat } from "node:fs/promises";
import { pathToFileURL } from "node:url";
import type { ManifestImport } from "@shared-rt/abi";
import type { CompiledPlugin } from "./compile-plugin.js";
import { LinkError } from "./errors.js";
import { relativePath, type Project } from "./project.js";
import { nearest } from "./suggest.js";

/** What the host module provides: names by namespace, or why that cannot be known at build time. */
export type HostProvides = { namespaces: Map<string, Set<string>> } | { unknown: string };

/** An object whose every property, call and construction is itself: stands in for the host. */
function standInHost(): unknown {
  const self: unknown = new Proxy(() => {}, {
    get: (_target, key) => (key === Symbol.toPrimitive ? () => 0 : key === "then" ? undefined : self),
    apply: () => self,
    construct: () => self as object,
  });
  return self;
}

function namespacesOf(value: unknown): Map<string, Set<string>> {
  const namespaces = new Map<string, Set<string>>();
  for (const [name, ns] of Object.entries(value as object)) {
    if (typeof ns === "object" && ns !== null) namespaces.set(name, new Set(Object.keys(ns)));
  }
  return namespaces;
}

/** Imports the project's host module (undefined without one); BAD_HOST_MODULE names the file when it cannot. */
export async function readHostModule(project: Project): Promise<HostProvides | undefined> {
  if (project.host === undefined) return undefined;
  const which = `the host module '${relativePath(project.dir, project.host)}' (${project.file}: host)`;
  const info = await stat(project.host).catch(() => undefined);
  if (!info?.isFile()) throw new LinkError("BAD_HOST_MODULE", `${which} does not exist: no file ${project.host}`);
  let mod: { default?: unknown };
  try {
    // The modification time in the URL: a rebuild (build --watch) sees an edited host module.
    mod = (await import(`${pathToFileURL(project.host).href}?mtime=${info.mtimeMs}`)) as { default?: unknown };
  } catch (error) {
    throw new LinkError("BAD_HOST_MODULE", `${which} cannot be imported: ${(error as Error).message}`, { cause: error });
  }
  const value = mod.default;
  if (typeof value !== "function" && (typeof value !== "object" || value === null)) {
    throw new LinkError("BAD_HOST_MODULE", `${which} must export by default an object of import namespaces or a function (host) => namespaces`);
  }
  if (typeof value !== "function") return { namespaces: namespacesOf(value) };
  const host = standInHost();
  try {
    const result = (value as (host: unknown) => unknown)(host);
    if (typeof result !== "object" || result === null || result === host) return { unknown: `${which} returned no object of import namespaces at build time` };
    return { namespaces: namespacesOf(result) };
  } catch (error) {
    return { unknown: `${which} threw when called with a stand-in host at build time (${(error as Error).message})` };
  }
}

/**
 * Checks every import that only the host can provide against what the host module provides.
 * Throws IMPORT_UNRESOLVED for a linked plugin's unprovided import; returns warnings for what
 * it cannot decide (see the file's comment).
 */
export function checkHostImports(
  project: Project,
  compiled: CompiledPlugin[],
  imports: Map<string, ManifestImport[]>,
  host: HostProvides | undefined,
): string[] {
  if (host === undefined) return [];
  const warnings: string[] = [];
  if ("unknown" in host) warnings.push(`${host.unknown}: its host imports are not checked`);
  const placeholder = "unknown" in host || host.namespaces.size === 0;
  const hostFile = relativePath(project.dir, project.host!);
  for (const plugin of compiled) {
    for (const imp of imports.get(plugin.name) ?? []) {
      if (imp.provider !== "host") continue;
      const names = "namespaces" in host ? host.namespaces.get(imp.module) : undefined;
      if (names?.has(imp.name)) continue;
      const what = `plugin '${plugin.name}' imports '${imp.module}.${imp.name}'`;
      const likePlugin = nearest(
        imp.module,
        compiled.map((c) => c.name).filter((n) => n !== plugin.name),
      );
      if (placeholder) {
        const why = "unknown" in host ? "could not be checked" : "provides no namespaces, so its host imports must be given in code";
        if (likePlugin)
          warnings.push(`${what}: no plugin is named '${imp.module}'; did you mean plugin '${likePlugin}'? (the host module '${hostFile}' ${why})`);
        continue;
      }
      const message = `${what}: ${unprovided(imp, hostFile, host.namespaces, likePlugin)}`;
      if (!plugin.layout.relocatable) throw new LinkError("IMPORT_UNRESOLVED", message);
      warnings.push(
        `${message} (plugin '${plugin.name}' is relocatable: a plugin loaded before it, or the host imports given when it is loaded, may provide it)`,
      );
    }
  }
  return warnings;
}

/** Why the host module does not provide `imp`, with the nearest plugin, namespace or name. */
function unprovided(imp: ManifestImport, hostFile: string, namespaces: Map<string, Set<string>>, likePlugin: string | undefined): string {
  const names = namespaces.get(imp.module);
  if (names) {
    const like = nearest(imp.name, names);
    return `the host module '${hostFile}' provides '${imp.module}' without '${imp.name}' (it has: ${[...names].join(", ") || "nothing"})${like ? `; did you mean '${imp.module}.${like}'?` : ""}`;
  }
  const likeNamespace = nearest(imp.module, namespaces.keys());
  const suggestion = likePlugin ? `; did you mean plugin '${likePlugin}'?` : likeNamespace ? `; did you mean the host namespace '${likeNamespace}'?` : "";
  return `no plugin is named '${imp.module}' and the host module '${hostFile}' does not provide it (it provides: ${[...namespaces.keys()].join(", ")})${suggestion}`;
}
