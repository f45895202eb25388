import { readFile } from "node:fs/promises";
import { sha256, type CachedPlugin } from "./build-cache.js";
import { describeModule, type CompiledPlugin } from "./compile-plugin.js";
import { LinkError } from "./errors.js";
import { relativePath, type Project, type ProjectPlugin } from "./project.js";

export interface PrebuiltPlugin {
  plugin: CompiledPlugin;
  /** Its one input, the .wasm file (project-relative), with the hash of its bytes. */
  inputs: Record<string, string>;
  /** Whether the file is the one the previous build read. */
  unchanged: boolean;
}

/**
 * Reads a prebuilt plugin (`"wasm"` in shared-rt.json) instead of compiling it. It must be a
 * plugin built with the shared-init transform (else NOT_A_PLUGIN) and relocatable: a module
 * linked at fixed bases cannot be placed without its sources (NOT_RELOCATABLE). Its bytes are
 * its output as they are; the ABI and collector are checked with every other plugin's.
 */
export async function readPrebuiltPlugin(
  project: Project,
  plugin: ProjectPlugin & { wasm: string },
  before: CachedPlugin | undefined,
): Promise<PrebuiltPlugin> {
  const file = relativePath(project.dir, plugin.wasm);
  let wasm: Uint8Array;
  try {
    wasm = new Uint8Array(await readFile(plugin.wasm));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message;
    throw new LinkError("BAD_PROJECT", `${project.file}: plugins.${plugin.name}.wasm: cannot read '${file}': ${reason}`, { cause: error });
  }
  const described = describePrebuilt(plugin.name, wasm, file);
  const hash = sha256(wasm);
  return { plugin: { ...described, diagnostics: [], filesRead: new Map() }, inputs: { [file]: hash }, unchanged: before?.inputs[file] === hash };
}

/** A prebuilt plugin's module, which must be a relocatable plugin; `file` is how messages name it. */
export function describePrebuilt(name: string, wasm: Uint8Array, file: string): ReturnType<typeof describeModule> {
  const described = describeModule(name, wasm, file);
  if (!described.layout.relocatable) {
    throw new LinkError(
      "NOT_RELOCATABLE",
      `plugin '${name}' (${file}) is not relocatable: it was linked at fixed bases, and the linker cannot place a prebuilt plugin without its sources; build it with asc <entry>.ts --transform shared-init and no --memoryBase, --tableBase or SHARED_INIT_CLASS_BASE`,
    );
  }
  return described;
}
