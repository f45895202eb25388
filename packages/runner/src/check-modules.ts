/**
 * What a host checks of the wasm files themselves before it trusts them: the runtime exports
 * the runtime interface; a plugin's layout section (the host reads a relocatable plugin's
 * classes and static blocks from it) fits its schema, its block and relocation indices stay
 * inside the plugin's own blocks, and it agrees with the manifest. Each failure is a
 * BAD_MODULE naming the file, raised before anything of the module is placed or registered.
 */
import {
  DISPATCH_FUNCTIONS,
  LAYOUT_SECTION,
  RUNTIME_EXPORTS,
  RUNTIME_FUNCTIONS,
  RUNTIME_GLOBALS,
  decodeLayout,
  describeManifestProblem,
  pluginLayoutProblem,
  type ManifestPlugin,
  type PluginLayout,
  type RelocatableLayout,
} from "@shared-rt/abi";
import { LoadError } from "./errors.js";

/** `plugin 'words' ('words.wasm')`; a module given to `host.load` has no file. */
const named = (plugin: string, file: string | undefined) => (file ? `plugin '${plugin}' ('${file}')` : `plugin '${plugin}'`);

/** Refuses a runtime module that lacks a function or global of the runtime interface. */
export function checkRuntimeExports(instance: WebAssembly.Instance, file: string): void {
  const exports = instance.exports as Record<string, unknown>;
  const functions = [...Object.keys(RUNTIME_FUNCTIONS), ...Object.keys(DISPATCH_FUNCTIONS), RUNTIME_EXPORTS.register, RUNTIME_EXPORTS.unregister];
  const globals = [...Object.keys(RUNTIME_GLOBALS), RUNTIME_EXPORTS.heapLive, RUNTIME_EXPORTS.entries];
  const missing = [
    ...functions.filter((name) => typeof exports[name] !== "function"),
    ...globals.filter((name) => !(exports[name] instanceof WebAssembly.Global)),
  ];
  if (missing.length) {
    throw new LoadError("BAD_MODULE", undefined, `the runtime ('${file}') does not export ${missing.join(", ")} of the runtime interface; rebuild the project`);
  }
}

const checked = new WeakMap<WebAssembly.Module, PluginLayout | undefined>();

/**
 * The module's layout section, checked against its schema (and a relocatable one's blocks and
 * relocations against each other); undefined when it has none. Unparseable or ill-formed: BAD_MODULE.
 */
export function checkedLayout(module: WebAssembly.Module, plugin: string, file: string | undefined): PluginLayout | undefined {
  if (checked.has(module)) return checked.get(module);
  const [section] = WebAssembly.Module.customSections(module, LAYOUT_SECTION);
  let layout: PluginLayout | undefined;
  if (section) {
    let parsed: unknown;
    try {
      parsed = decodeLayout(section);
    } catch (error) {
      throw new LoadError("BAD_MODULE", plugin, `${named(plugin, file)} has a '${LAYOUT_SECTION}' section that is not JSON: ${(error as Error).message}`);
    }
    const problem = pluginLayoutProblem(parsed);
    if (problem)
      throw new LoadError(
        "BAD_MODULE",
        plugin,
        `${named(plugin, file)} has an invalid '${LAYOUT_SECTION}' section: ${describeManifestProblem(problem)}; rebuild it`,
      );
    layout = parsed as PluginLayout;
    if (layout.relocatable) checkRelocatable(layout.relocatable, plugin, file);
  }
  checked.set(module, layout);
  return layout;
}

/** Every block and relocation index names a block of the plugin, every patched word lies inside its block. */
function checkRelocatable(layout: RelocatableLayout, plugin: string, file: string | undefined): void {
  const fail = (what: string) => {
    throw new LoadError("BAD_MODULE", plugin, `${named(plugin, file)} has an invalid '${LAYOUT_SECTION}' section: ${what}; rebuild it`);
  };
  const { blocks, relocations, rttiBlock } = layout;
  if (rttiBlock >= blocks.length) fail(`relocatable.rttiBlock ${rttiBlock} names none of its ${blocks.length} blocks`);
  for (const [i, block] of blocks.entries()) {
    const zeros = block.zeros ?? [];
    let end = 0;
    for (let r = 0; r < zeros.length; r += 2) {
      if (zeros[r] < end || zeros[r] + (zeros[r + 1] ?? Number.POSITIVE_INFINITY) > block.size)
        fail(`relocatable.blocks[${i}].zeros runs past its ${block.size} bytes`);
      end = zeros[r] + zeros[r + 1];
    }
  }
  for (const [i, r] of relocations.entries()) {
    const block = blocks[r.block];
    if (!block) fail(`relocatable.relocations[${i}].block ${r.block} names none of its ${blocks.length} blocks`);
    else if (r.offset + 4 > Math.max(block.size, 4))
      fail(`relocatable.relocations[${i}] patches offset ${r.offset}, past the end of its block (${block.size} bytes)`);
    if (r.kind === "memory" && r.target !== undefined && !blocks[r.target]) fail(`relocatable.relocations[${i}].target ${r.target} names none of its blocks`);
  }
}

/**
 * Refuses a plugin whose layout section disagrees with its manifest entry: a relocatable one's
 * table slots and class count (what the host reserves for it), a linked one's places.
 */
export function checkLayoutAgrees(plugin: ManifestPlugin, layout: PluginLayout | undefined): void {
  if (!layout) {
    if (plugin.relocatable)
      throw new LoadError("NOT_A_PLUGIN", plugin.name, `${named(plugin.name, plugin.file)} is relocatable but has no '${LAYOUT_SECTION}' section; rebuild it`);
    return;
  }
  const pairs: [string, number, number][] = plugin.relocatable
    ? [
        ["table.size", plugin.table.size, layout.table.size],
        ["classes.count", plugin.classes.count, layout.classes.count],
      ]
    : [
        ["memory.base", plugin.memory.base, layout.memory.base],
        ["memory.end", plugin.memory.end, layout.memory.end],
        ["table.base", plugin.table.base, layout.table.base],
        ["table.size", plugin.table.size, layout.table.size],
        ["classes.base", plugin.classes.base, layout.classes.base],
        ["classes.count", plugin.classes.count, layout.classes.count],
      ];
  for (const [field, manifest, section] of pairs) {
    if (manifest !== section) {
      throw new LoadError(
        "BAD_MODULE",
        plugin.name,
        `${named(plugin.name, plugin.file)} disagrees with the manifest: its '${LAYOUT_SECTION}' section has ${field} ${section}, the manifest ${manifest}; rebuild the project`,
      );
    }
  }
}
