/**
 * A relocatable plugin loaded into a running host, and unloaded again (see load-relocatable.ts
 * for how it is placed and what unloading gives back).
 */
import { RUNTIME_EXPORTS, classLayoutMismatchMessage, firstClassLayoutDifference, providingPlugin, type ManifestPlugin } from "@shared-rt/abi";
import { checkedLayout } from "./check-modules.js";
import { LoadError } from "./errors.js";
import type { HostContext, HostFace, LoadedPlugin } from "./host-context.js";
import { instantiatePlugin } from "./instantiate-plugin.js";
import { resolveImports, type ImportsFor } from "./load-options.js";
import { describeRelocatable } from "./load-relocatable.js";
import { compileModule, sha256 } from "./module-files.js";

/** Loads the relocatable module `bytes` under `name`, resolving its imports by the loaded plugins' names. */
export async function loadPlugin<H extends HostFace>(
  ctx: HostContext<H>,
  name: string,
  bytes: Uint8Array,
  hostImports: ImportsFor<H> | undefined,
): Promise<LoadedPlugin> {
  ctx.calls.refuseLoad(name);
  if (ctx.plugins.has(name))
    throw new LoadError("ALREADY_LOADED", name, `a plugin named '${name}' is already loaded; unload it first or load this one under another name`);
  const module = await compileModule(bytes, name);
  const plugin = describeRelocatable(module, name, await sha256(bytes), (n) => ctx.plugins.has(n));
  // Before anything is placed: a refused plugin leaves the host as it was.
  checkCompiler(ctx, name, checkedLayout(module, name, undefined)?.compiler);
  checkClassLayouts(ctx, plugin);
  const imports = resolveImports(hostImports, ctx.host);
  await instantiatePlugin(ctx, plugin, module, imports, {});
  return ctx.plugin(name);
}

/** Refuses a plugin built with another AssemblyScript than the project's runtime (both recorded: older builds say nothing). */
function checkCompiler<H extends HostFace>(ctx: HostContext<H>, name: string, compiler: string | undefined): void {
  const project = ctx.manifest.compiler;
  if (compiler === undefined || project === undefined || compiler === project) return;
  throw new LoadError(
    "COMPILER_MISMATCH",
    name,
    `plugin '${name}' was built with ${compiler}, the project's runtime and plugins with ${project}: objects and the runtime interface may differ; rebuild it with ${project}`,
  );
}

/**
 * Refuses a plugin that defines a class of the same canonical name as a plugin already in this
 * memory with another layout (the linker makes the same check between linked plugins). Isolated
 * plugins have memories of their own and are not compared.
 */
function checkClassLayouts<H extends HostFace>(ctx: HostContext<H>, plugin: ManifestPlugin): void {
  const mine = plugin.classes.layouts;
  if (!mine) return;
  for (const other of ctx.plugins.values()) {
    const theirs = other.manifest.classes.layouts;
    const difference = theirs && firstClassLayoutDifference(mine, theirs, plugin.name, other.name);
    if (difference) throw new LoadError("CLASS_LAYOUT_MISMATCH", plugin.name, classLayoutMismatchMessage(difference, plugin.name, other.name));
  }
}

/** Unloads a relocatable plugin, unless another loaded plugin imports from it. */
export function unloadPlugin<H extends HostFace>(ctx: HostContext<H>, name: string): void {
  const plugin = ctx.plugin(name);
  ctx.calls.refuseLoad(name, "unload");
  if (!plugin.relocation) throw new LoadError("NOT_RELOCATABLE", name, `plugin '${name}' was linked at fixed addresses and cannot be unloaded`);
  for (const other of ctx.plugins.values()) {
    if (other.name !== name && other.manifest.imports.some((i) => providingPlugin(i.provider) === name)) {
      throw new LoadError("IN_USE", name, `plugin '${name}' cannot be unloaded: plugin '${other.name}' imports from it`);
    }
  }
  // On a threaded host the registration is shared: worker 0 takes it back.
  if (!ctx.thread || ctx.thread.index === 0) ctx.rt[RUNTIME_EXPORTS.unregister](plugin.handle);
  plugin.relocation.release();
  ctx.retiredClassEnds.push(plugin.manifest.classes.base + plugin.manifest.classes.count);
  ctx.plugins.delete(name);
}
