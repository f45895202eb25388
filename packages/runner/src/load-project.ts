/**
 * Loading a project from its manifest: one memory and one table, the runtime instantiated
 * first, then every plugin in manifest order (each after the plugins it imports from), an
 * isolated one with a host of its own over the same runtime module.
 */
import { describeOverlap, ENV_NAMESPACE, firstOverlap, manifestRanges, type Manifest, type ManifestPlugin } from "@shared-rt/abi";
import { LoadError } from "./errors.js";
import type { HostContext, HostFace, HostParts } from "./host-context.js";
import { instantiatePlugin } from "./instantiate-plugin.js";
import { bridgesFor, isolatedManifest, withBridges } from "./isolation.js";
import { resolveImports, type LoadOptionsFor } from "./load-options.js";
import { compileModule, instantiateModule, readChecked } from "./module-files.js";
import { standardEnv } from "./standard-env.js";

/** Makes the host (and its context) once the runtime is instantiated. */
export type CreateHost<H extends HostFace> = (parts: HostParts) => HostContext<H>;

/** Loads the project `manifest` describes; `create` makes the host, for it and every isolated plugin. */
export async function loadProject<H extends HostFace>(manifest: Manifest, options: LoadOptionsFor<H>, create: CreateHost<H>): Promise<H> {
  refuseOverlaps(manifest);
  const log = options.log ?? ((line: string) => console.log(line));
  const memory = new WebAssembly.Memory({ initial: manifest.memory.initial, maximum: manifest.memory.maximum });
  const table = new WebAssembly.Table({ initial: manifest.table.initial, element: "anyfunc" });

  const runtimeBytes = await readChecked(options.readFile, manifest.runtime.file, manifest.runtime.hash, undefined, options.skipHashCheck);
  let host: H | undefined;
  const runtimeEnv = standardEnv(() => host, "runtime", memory, table, log);
  const runtime = await instantiateModule(await compileModule(runtimeBytes, "runtime"), { [ENV_NAMESPACE]: runtimeEnv } as WebAssembly.Imports, "runtime");
  const ctx = create({ manifest, runtime, memory, table, log });
  host = ctx.host;

  const project = resolveImports(options.hostImports, host);
  for (const plugin of manifest.plugins) {
    if (plugin.isolated || options.isolate?.includes(plugin.name)) {
      await loadIsolated(ctx, plugin, options, create);
      continue;
    }
    const bytes = await readChecked(options.readFile, plugin.file, plugin.hash, plugin.name, options.skipHashCheck);
    await instantiatePlugin(ctx, plugin, bytes, project, resolveImports(options.pluginImports?.[plugin.name], host));
  }
  return host;
}

/**
 * Refuses a manifest that places two plugins, or a plugin and the runtime, on the same memory,
 * table slots or class ids (a hand-written or hand-edited one: the linker never does): loaded,
 * they would overwrite each other's data and trap, or worse, on the first call.
 */
function refuseOverlaps(manifest: Manifest): void {
  for (const [kind, ranges] of Object.entries(manifestRanges(manifest))) {
    const overlap = firstOverlap(ranges);
    if (overlap) {
      const plugin = /^plugin '(.*)'$/.exec(overlap[1].owner)?.[1];
      throw new LoadError("OVERLAPPING_RANGES", plugin, `the manifest's ${describeOverlap(kind, overlap)}; rebuild the project with shared-rt build`);
    }
  }
}

/**
 * Loads `plugin` with a host of its own over the project's runtime module: its own memory,
 * table and collector. Its imports from other plugins, and theirs from it, are bridged.
 */
async function loadIsolated<H extends HostFace>(ctx: HostContext<H>, plugin: ManifestPlugin, options: LoadOptionsFor<H>, create: CreateHost<H>): Promise<void> {
  const own = options.pluginImports?.[plugin.name];
  const child = await loadProject(
    isolatedManifest(ctx.manifest, plugin),
    {
      readFile: options.readFile,
      log: options.log,
      skipHashCheck: options.skipHashCheck,
      hostImports: options.hostImports,
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
