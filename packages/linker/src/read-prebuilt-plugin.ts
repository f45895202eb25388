import { readFile } from "node:fs/promises";
import { LAYOUT_SECTION, describeManifestProblem, pluginLayoutProblem } from "@shared-rt/abi";
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

/**
 * A prebuilt plugin's module, which must be a relocatable plugin with a well-formed layout
 * section (it was made elsewhere: a layout that is not JSON or not its schema is NOT_A_PLUGIN
 * naming the file, not an exception from inside the linker); `file` is how messages name it.
 */
export function describePrebuilt(name: string, wasm: Uint8Array, file: string): ReturnType<typeof describeModule> {
  let described: ReturnType<typeof describeModule>;
  try {
    described = describeModule(name, wasm, file);
  } catch (error) {
    if (error instanceof LinkError) throw error;
    throw new LinkError("NOT_A_PLUGIN", `plugin '${name}' (${file}) has a ${LAYOUT_SECTION} section that is not JSON: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const problem = pluginLayoutProblem(described.layout);
  if (problem) {
    throw new LinkError(
      "NOT_A_PLUGIN",
      `plugin '${name}' (${file}) has an invalid ${LAYOUT_SECTION} section: ${describeManifestProblem(problem)}; rebuild it with the shared-init transform`,
    );
  }
  if (!described.layout.relocatable) {
    throw new LinkError(
      "NOT_RELOCATABLE",
      `plugin '${name}' (${file}) is not relocatable: it was linked at fixed bases, and the linker cannot place a prebuilt plugin without its sources; build it with asc <entry>.ts --transform shared-init and no --memoryBase, --tableBase or SHARED_INIT_CLASS_BASE`,
    );
  }
  return described;
}
