/**
 * Instantiating one plugin into a host: its imports wired (the runtime, the standard env, the
 * plugins it imports from — bridged if they are isolated — and the project's host module), a
 * relocatable one placed, its visitors put in the table and the plugin registered with the
 * runtime, and only then its start function run, so that the collector knows its classes and
 * roots before any of its code allocates.
 */
import {
  ENV_NAMESPACE,
  LAYOUT_SECTION,
  LOAD_NAMESPACE,
  PLUGIN_EXPORTS,
  RUNTIME_EXPORTS,
  RUNTIME_NAMESPACE,
  providingPlugin,
  registerRefusal,
  type ManifestImport,
  type ManifestPlugin,
} from "@shared-rt/abi";
import { checkedLayout, checkLayoutAgrees } from "./check-modules.js";
import { LoadError, SharedRtError } from "./errors.js";
import type { HostContext, HostFace } from "./host-context.js";
import { hostFunction } from "./host-function-values.js";
import { asyncCallsOf } from "./async-calls.js";
import { bridgeFunction } from "./isolation.js";
import type { HostImports } from "./load-options.js";
import { Relocation, type RelocationPlacement } from "./load-relocatable.js";
import { checkDispatch, registerDispatch } from "./register-dispatch.js";
import { instantiateModule } from "./module-files.js";
import { standardEnv, withEnv, withoutRelay } from "./standard-env.js";
import { parkedDuring } from "./thread-host-calls.js";

type Imports = Record<string, Record<string, unknown>>;

/**
 * Instantiates `plugin` from its compiled `module` into the host of `ctx`. `project` are the
 * host imports for every plugin, `own` the ones for this plugin, which win over the project's,
 * which win over the standard `env`.
 */
export async function instantiatePlugin<H extends HostFace>(
  ctx: HostContext<H>,
  plugin: ManifestPlugin,
  module: WebAssembly.Module,
  project: HostImports,
  own: HostImports,
): Promise<void> {
  // The layout section it carries (a relocatable plugin's, an older linked one's), checked before anything of it is placed.
  checkLayoutAgrees(plugin, checkedLayout(module, plugin.name, plugin.file));
  const imports = wireImports(ctx, plugin, project, own);
  let relocation: Relocation | undefined;
  if (plugin.relocatable) ({ plugin, relocation } = place(ctx, plugin, module, imports));
  let loaded: Awaited<ReturnType<typeof instantiateChecked>>;
  try {
    loaded = await instantiateChecked(ctx, plugin, module, imports, relocation);
  } catch (error) {
    // Nothing of it is registered or listed; give back what placing it took (table slots, RTTI block).
    relocation?.release();
    throw error;
  }
  const { classes, classIds, layout, dispatch, instance } = loaded;
  // A later worker of a threaded host registered nothing: the handle is worker 0's.
  const handle = relocation?.joined?.handle ?? loaded.handle;
  ctx.add({ name: plugin.name, instance, manifest: plugin, classNames: classes.names, classIds, handle, relocation, dispatch });
  const ownBases = { classes: { bases: plugin.classes.bases ?? layout?.classes?.bases } };
  ctx.classes.add(plugin.name, classes.names, classIds, plugin.exports, layout?.imports, ownBases);
  // Its overrides of shared methods and its classes' ancestors, before its start function runs.
  registerDispatch(ctx, plugin.name, dispatch);
  relocation?.placeStatics();
  const start = (instance.exports as Record<string, unknown>)[plugin.start];
  if (typeof start === "function") ctx.calls.run(plugin.name, plugin.start, () => (start as () => void)());
}

/** Reads, checks, instantiates and registers `plugin` (not yet listed in the host). */
async function instantiateChecked<H extends HostFace>(
  ctx: HostContext<H>,
  plugin: ManifestPlugin,
  module: WebAssembly.Module,
  imports: Imports,
  relocation: Relocation | undefined,
) {
  const classes = readClasses(module, plugin);
  const classIds = relocation?.classIds ?? classes.ids;
  // The bases of its own classes, besides those its signatures name: a subclass no signature
  // names still stands for its base. A linked plugin's are in the manifest (it ships without
  // its layout section); a relocatable one's in its layout section.
  const layout = plugin.relocatable || !plugin.classes.names ? checkedLayout(module, plugin.name, plugin.file) : undefined;
  // Its overrides of shared methods and its classes' ancestors, checked before anything of it is registered.
  const dispatch = relocation ? relocation.placeDispatch(layout?.dispatch) : (plugin.dispatch ?? layout?.dispatch);
  checkDispatch(ctx, plugin.name, dispatch);
  const instance = await instantiateModule(module, imports as WebAssembly.Imports, plugin.name, () => withoutRelay(imports) as WebAssembly.Imports);
  const handle = register(ctx, plugin, instance, classIds, classes.names);
  return { classes, classIds, layout, dispatch, instance, handle };
}

/** The import object of `plugin`, every import checked to be provided. */
function wireImports<H extends HostFace>(ctx: HostContext<H>, plugin: ManifestPlugin, project: HostImports, own: HostImports): Imports {
  const env = withEnv(
    standardEnv(() => ctx.host, plugin.name, ctx.memory, ctx.table, ctx.log),
    project[ENV_NAMESPACE],
    own[ENV_NAMESPACE],
  );
  const imports: Imports = { [ENV_NAMESPACE]: env, [RUNTIME_NAMESPACE]: ctx.runtime.exports as Record<string, unknown> };
  for (const imp of plugin.imports) {
    // Most imports are the runtime's (in `imports` already); messages are made only for a failure.
    if (imp.provider === "runtime") continue;
    const what = () => `plugin '${plugin.name}' imports '${imp.module}.${imp.name}'`;
    const provider = providingPlugin(imp.provider);
    if (provider !== undefined) {
      linkPlugin(ctx, plugin, imp, provider, imports, what);
    } else if (imp.provider === "host") {
      const ns = { ...project[imp.module], ...own[imp.module] };
      if (!(imp.name in ns)) {
        throw new LoadError("IMPORT_UNRESOLVED", plugin.name, `${what()}, which the project's host module does not provide`);
      }
      // Converting arguments and result by the import's recorded signature (host-function-values.ts).
      imports[imp.module] ??= { ...ns };
      const source = own[imp.module] && imp.name in own[imp.module] ? own[imp.module] : project[imp.module];
      // On a worker of a threaded host, a blocking one runs with the worker counted as parked (thread-host-calls.ts).
      const fn = ctx.thread && imp.blocking ? parkedDuring(ctx.runtime, plugin.name, `${imp.module}.${imp.name}`, ns[imp.name]) : ns[imp.name];
      imports[imp.module][imp.name] = imp.async
        ? asyncCallsOf(ctx as unknown as HostContext<HostFace>).importFunction(plugin.name, imp, fn)
        : hostFunction(ctx, plugin.name, imp.module, imp.name, fn, source, imp.signature);
    } else if (imp.provider === "env" && !(imp.name in env)) {
      throw new LoadError(
        "IMPORT_UNRESOLVED",
        plugin.name,
        `${what()}, which is not among the standard host functions the runner provides; supply it as "env" in the host imports`,
      );
    }
  }
  return imports;
}

/** An import from another plugin: its exports in this memory, or a bridge to another memory. */
function linkPlugin<H extends HostFace>(
  ctx: HostContext<H>,
  plugin: ManifestPlugin,
  imp: ManifestImport,
  provider: string,
  imports: Imports,
  what: () => string,
): void {
  const isolated = ctx.isolated.get(provider);
  if (isolated) {
    // Another memory: a bridge that copies arguments and result.
    const providerPlugin = isolated.plugin(provider).manifest;
    imports[imp.module] ??= {};
    imports[imp.module][imp.name] = bridgeFunction(ctx.host, plugin.name, isolated, providerPlugin, imp.name);
    return;
  }
  const loaded = ctx.plugins.get(provider);
  if (!loaded) {
    throw new LoadError("IMPORT_UNRESOLVED", plugin.name, `${what()}, but plugin '${provider}' is not loaded before it`);
  }
  imports[imp.module] = loaded.instance.exports as Record<string, unknown>;
}

/** On a later worker of a threaded host, where worker 0 placed relocatable `name` (threaded-host.ts `load` sends it). */
function joinedPlacement<H extends HostFace>(ctx: HostContext<H>, name: string): RelocationPlacement | undefined {
  if (!ctx.thread || ctx.thread.index === 0) return undefined;
  const placement = ctx.thread.placements?.get(name);
  if (!placement) {
    throw new LoadError(
      "THREADS_UNSUPPORTED",
      name,
      `plugin '${name}' is relocatable: on a threaded host it is loaded on every worker at once, with ThreadedHost.load, never on one worker`,
    );
  }
  return placement;
}

/**
 * Places a relocatable plugin now: its class ids after every range in use, its table slots at
 * the end. Returns its manifest entry with the ranges it got.
 */
function place<H extends HostFace>(
  ctx: HostContext<H>,
  plugin: ManifestPlugin,
  module: WebAssembly.Module,
  imports: Imports,
): { plugin: ManifestPlugin; relocation: Relocation } {
  let relocation: Relocation;
  try {
    relocation = new Relocation(
      plugin.name,
      module,
      ctx.rt,
      ctx.memory,
      ctx.table,
      ctx.nextClassBase(),
      ctx.sharedClasses,
      plugin.file,
      joinedPlacement(ctx, plugin.name),
    );
  } catch (error) {
    if (error instanceof SharedRtError) throw error;
    // The runtime trapped allocating its blocks (a damaged runtime module); the call guard's
    // record of interrupted entry points refuses what follows if the heap was half-changed.
    throw new LoadError(
      "INSTANTIATE_FAILED",
      plugin.name,
      `cannot place plugin '${plugin.name}': the runtime failed allocating its static data: ${String(error)}`,
      { cause: error },
    );
  }
  imports[LOAD_NAMESPACE] = relocation.imports as unknown as Record<string, unknown>;
  const placed = {
    ...plugin,
    table: { base: relocation.tableBase, size: plugin.table.size },
    visitorSlots: relocation.visitorSlots,
    classes: { ...plugin.classes, base: relocation.classBase, rttiBase: relocation.rttiBase },
  };
  return { plugin: placed, relocation };
}

/**
 * Puts the plugin's visitors in the table and registers it with the runtime with the real id of
 * each of its classes (`classIds`, compact order, written into a temporary block); returns its handle.
 */
function register<H extends HostFace>(
  ctx: HostContext<H>,
  plugin: ManifestPlugin,
  instance: WebAssembly.Instance,
  classIds: readonly number[],
  names: string[],
): number {
  const exports = instance.exports as Record<string, unknown>;
  const visitGlobals = exports[PLUGIN_EXPORTS.visitGlobals];
  const visitMembers = exports[PLUGIN_EXPORTS.visitMembers];
  if (typeof visitGlobals !== "function" || typeof visitMembers !== "function") {
    throw new LoadError(
      "NOT_A_PLUGIN",
      plugin.name,
      `plugin '${plugin.name}' was not built with the shared-init transform (of this ABI): it does not export the visitors ${PLUGIN_EXPORTS.visitGlobals} and ${PLUGIN_EXPORTS.visitMembers}`,
    );
  }
  ctx.table.set(plugin.visitorSlots.globals, visitGlobals as never);
  ctx.table.set(plugin.visitorSlots.members, visitMembers as never);
  // A later worker of a threaded host: worker 0 registered it in the shared runtime state, with
  // the same slots (every worker's table is filled in the same order); handles count in load order.
  if (ctx.thread && ctx.thread.index > 0) return ctx.plugins.size;
  const { classes } = plugin;
  let handle: number;
  try {
    // Guarded like a call: a trap inside the runtime (a manifest whose RTTI address is off the
    // memory, say) is named, and one that interrupted the runtime stops the host.
    handle = ctx.calls.run(plugin.name, RUNTIME_EXPORTS.register, () => {
      // A raw block: no collection runs between its allocation and its release.
      const ids = classIds.length ? ctx.rt.__alloc(classIds.length * 4) : 0;
      try {
        if (ids) new Uint32Array(ctx.memory.buffer, ids, classIds.length).set(classIds);
        return ctx.rt[RUNTIME_EXPORTS.register](plugin.abi, plugin.visitorSlots.globals, plugin.visitorSlots.members, ids, classIds.length, classes.rttiBase);
      } finally {
        if (ids) ctx.rt.__free(ids);
      }
    });
  } catch (error) {
    const code = error instanceof SharedRtError && error.code === "HEAP_CORRUPT" ? "HEAP_CORRUPT" : "REGISTER_REFUSED";
    throw new LoadError(code, plugin.name, `cannot load plugin '${plugin.name}': ${(error as Error).message}`, { cause: error });
  }
  if (handle < 0) {
    const refused = { ...plugin, classes: { ...classes, names } };
    throw new LoadError("REGISTER_REFUSED", plugin.name, `the runtime refused plugin '${plugin.name}': ${registerRefusal(handle, refused, ctx.manifest.abi)}`);
  }
  return handle;
}

/**
 * A plugin's classes in compact order with their ids as built: from the manifest (a linked
 * plugin ships without its layout section), else from its layout section. A plugin built before
 * shared ids lists no ids: its classes are `base + k`.
 */
function readClasses(module: WebAssembly.Module, plugin: ManifestPlugin): { names: string[]; ids: number[] } {
  const recorded = plugin.classes.names ? plugin.classes : checkedLayout(module, plugin.name, plugin.file)?.classes;
  // The section's shape is the builder's word: checked here, since the ids depend on it.
  const names: unknown = recorded?.names ?? (plugin.classes.count === 0 ? [] : undefined);
  const ids: unknown = recorded?.ids ?? (Array.isArray(names) ? names.map((_, k) => plugin.classes.base + k) : undefined);
  const listed = (list: unknown, kind: string): list is unknown[] => Array.isArray(list) && list.every((n) => typeof n === kind);
  if (!listed(names, "string") || !listed(ids, "number") || ids.length !== names.length || names.length < plugin.classes.count) {
    throw new LoadError(
      "NOT_A_PLUGIN",
      plugin.name,
      `plugin '${plugin.name}' does not list its ${plugin.classes.count} class(es) in a '${LAYOUT_SECTION}' section; rebuild it with the shared-init transform`,
    );
  }
  return { names: names as string[], ids: ids as number[] };
}
