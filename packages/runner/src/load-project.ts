/**
 * Loading a project from its manifest: one memory and one table, the runtime instantiated
 * first, then every plugin in manifest order (each after the plugins it imports from), an
 * isolated one with a host of its own over the same runtime module.
 */
import { ENV_NAMESPACE, type Manifest, type ManifestPlugin } from "@shared-rt/abi";
import { checkManifestOnce } from "./check-manifest.js";
import { checkRuntimeExports } from "./check-modules.js";
import { LoadError } from "./errors.js";
import type { HostContext, HostFace, HostParts } from "./host-context.js";
import { instantiatePlugin } from "./instantiate-plugin.js";
import { bridgesFor, isolatedManifest, withBridges } from "./isolation.js";
import { resolveImports, type LoadOptionsFor } from "./load-options.js";
import { asyncCallsOf } from "./async-calls.js";
import { instantiateModule, readCheckedModule } from "./module-files.js";
import { standardEnv, withoutRelay } from "./standard-env.js";
import { attachThread, checkThreaded, isolatedThread, refuseUnthreaded, threadBytes, threadImports } from "./thread-join.js";

/** Makes the host (and its context) once the runtime is instantiated. */
export type CreateHost<H extends HostFace> = (parts: HostParts) => HostContext<H>;

/** Loads the project `manifest` describes; `create` makes the host, for it and every isolated plugin. */
export async function loadProject<H extends HostFace>(manifest: Manifest, options: LoadOptionsFor<H>, create: CreateHost<H>): Promise<H> {
  checkManifestOnce(manifest, options.manifestName);
  const log = options.log ?? ((line: string) => console.log(line));
  const isolated = (plugin: ManifestPlugin) => plugin.isolated === true || options.isolate?.includes(plugin.name) === true;
  const { thread } = options;
  if (thread) checkThreaded(manifest, thread);
  else if (manifest.threads) refuseUnthreaded(manifest);
  const { memory, table } = memoryAndTable(manifest, thread?.memory);
  const prepare = thread ? threadBytes(thread) : (bytes: Uint8Array) => bytes;

  // Every file is read, checked and compiled at once (engines compile on background threads);
  // instantiating stays in order: the runtime, then the plugins in manifest order.
  const compiling = (file: string, hash: string, who: string | undefined) =>
    handled(readCheckedModule(options.readFile, file, hash, who, options.skipHashCheck, prepare));
  const runtimeModule = compiling(manifest.runtime.file, manifest.runtime.hash, undefined);
  const modules = new Map(manifest.plugins.filter((p) => !isolated(p)).map((p) => [p.name, compiling(p.file, p.hash, p.name)]));
  let host: H | undefined;
  const runtimeEnv = standardEnv(() => host, "runtime", memory, table, log);
  const runtimeImports = { [ENV_NAMESPACE]: runtimeEnv, ...(thread ? threadImports(manifest, thread) : {}) } as WebAssembly.Imports;
  const runtime = await instantiateModule(await runtimeModule, runtimeImports, "runtime", () => withoutRelay(runtimeImports) as WebAssembly.Imports);
  checkRuntimeExports(runtime, manifest.runtime.file);
  if (thread) attachThread(runtime, manifest, thread);
  const ctx = create({ manifest, runtime, memory, table, log, thread });
  host = ctx.host;
  if (options.asyncStackSize !== undefined) asyncCallsOf(ctx as unknown as HostContext<HostFace>, options.asyncStackSize);

  const project = resolveImports(options.hostImports, host);
  for (const plugin of manifest.plugins) {
    if (isolated(plugin)) {
      await loadIsolated(ctx, plugin, options, create);
      continue;
    }
    await instantiatePlugin(ctx, plugin, await modules.get(plugin.name)!, project, resolveImports(options.pluginImports?.[plugin.name], host));
  }
  return host;
}

/**
 * `promise`, marked as handled: a file that fails while an earlier plugin is still loading is
 * reported when the loop reaches it (or not at all, if an earlier one failed), never as an
 * unhandled rejection.
 */
function handled<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => {});
  return promise;
}

/**
 * The project's one memory and table. An engine that cannot reserve them (a manifest asking for
 * 4 GiB on a small device) throws a RangeError: named here, like any other refusal to load.
 */
function memoryAndTable(manifest: Manifest, shared?: WebAssembly.Memory): { memory: WebAssembly.Memory; table: WebAssembly.Table } {
  try {
    // A worker of a threaded host: the host's shared memory, a table of its own (tables cannot be shared).
    const memory = shared ?? new WebAssembly.Memory({ initial: manifest.memory.initial, maximum: manifest.memory.maximum });
    const table = new WebAssembly.Table({ initial: manifest.table.initial, element: "anyfunc" });
    return { memory, table };
  } catch (error) {
    const { initial, maximum } = manifest.memory;
    const pages = `${initial} pages${maximum === undefined ? "" : ` (maximum ${maximum})`}`;
    throw new LoadError(
      "INSTANTIATE_FAILED",
      undefined,
      `cannot create the project's memory of ${pages} and table of ${manifest.table.initial} slots: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
}

/**
 * Loads `plugin` with a host of its own over the project's runtime module: its own memory,
 * table and collector. Its imports from other plugins, and theirs from it, are bridged. On a
 * worker of a threaded host, the child is a one-thread threaded host over a private shared
 * memory (thread-join.ts `isolatedThread`): each worker has its own instance of the plugin.
 */
async function loadIsolated<H extends HostFace>(ctx: HostContext<H>, plugin: ManifestPlugin, options: LoadOptionsFor<H>, create: CreateHost<H>): Promise<void> {
  const own = options.pluginImports?.[plugin.name];
  const child = await loadProject(
    isolatedManifest(ctx.manifest, plugin),
    {
      readFile: options.readFile,
      manifestName: options.manifestName,
      log: options.log,
      skipHashCheck: options.skipHashCheck,
      hostImports: options.hostImports,
      thread: ctx.thread ? isolatedThread(ctx.manifest) : undefined,
      pluginImports: {
        [plugin.name]: (child: H) => {
          const mine = resolveImports(own, child);
          return withBridges(
            mine,
            bridgesFor(plugin, child, (name) => ctx.hostOf(name)),
          );
        },
      },
    },
    create,
  );
  ctx.isolated.set(plugin.name, child);
  ctx.order.push(plugin.name);
}
