import binaryen from "assemblyscript/binaryen";
import type binaryenNs from "assemblyscript/binaryen";
import { LAYOUT_SECTION, LOAD_NAMESPACE, STATICS_SECTION, encodeLayout, sharedClassGlobal, type PluginLayout, type RelocatableLayout } from "@shared-rt/abi";
import type { RelocationFailure } from "./shared-init-error.js";
import { functionAtLine, type Edit, type Token } from "./wat-tokens.js";

/**
 * The relocated module: the imports the host provides at load, the text parsed back and
 * validated, and the layout and statics custom sections.
 */

/**
 * The imports the host provides, declared right after the module's first import: the table and
 * private class bases, the real id of each of the plugin's `sharedCount` shared classes, and
 * the address of each of its `blockCount` static blocks.
 */
export function declareLoadImports(A: Token[], blockCount: number, sharedCount: number): Edit {
  const firstImport = A.findIndex((t, i) => t.text === "import" && A[i - 1].text === "(");
  const importsAt = A[firstImport - 1].start;
  const declarations = [
    `(import "${LOAD_NAMESPACE}" "table_base" (global $table_base i32))`,
    `(import "${LOAD_NAMESPACE}" "class_base" (global $class_base i32))`,
    ...Array.from({ length: sharedCount }, (_, k) => `(import "${LOAD_NAMESPACE}" "${sharedClassGlobal(k)}" (global $${sharedClassGlobal(k)} i32))`),
    ...Array.from({ length: blockCount }, (_, k) => `(import "${LOAD_NAMESPACE}" "static_${k}" (global $static_${k} (mut i32)))`),
  ].join("\n ");
  return { from: importsAt, to: importsAt, text: `${declarations}\n ` };
}

/** Parses the rewritten text and validates it with every feature; fails naming the function if it can. */
export function parseRelocated(text: string, features: number, failure: RelocationFailure): binaryenNs.Module {
  let module: binaryenNs.Module;
  try {
    module = binaryen.parseText(text);
  } catch (error) {
    // Binaryen reports "line:column: error: …" in the rewritten text: name the function there.
    const message = (error as Error).message ?? String(error);
    const line = Number(/^(\d+):\d+:/.exec(message)?.[1]);
    const func = line ? functionAtLine(text, line) : undefined;
    failure.where = func ? ` (in function ${func})` : "";
    return failure.fail(`the relocated module does not parse: ${message}`);
  }
  module.setFeatures(features);
  if (!module.validate()) {
    module.dispose();
    // Binaryen's validator prints which function and why to stderr; it cannot be read back.
    failure.fail("the relocated module does not validate (Binaryen's validator printed why on stderr)");
  }
  return module;
}

/** The layout of the relocatable plugin: no fixed ranges, its blocks and relocations instead. */
export function relocatableLayout(layout: PluginLayout, relocatable: RelocatableLayout): PluginLayout & { relocatable: RelocatableLayout } {
  return {
    ...layout,
    memory: { base: 0, end: 0 },
    table: { base: 0, size: layout.table.size },
    classes: { ...layout.classes, base: 0, rttiBase: 0 },
    relocatable,
  };
}

/** Adds the layout and statics sections and emits the module (which it disposes of). */
export function emitRelocatable(module: binaryenNs.Module, layout: PluginLayout, statics: Uint8Array): Uint8Array {
  // Whether Binaryen writes a names section is a process-wide setting that asc changes as it
  // runs; fix it, so the same builds always give the same bytes (no names: like a linked plugin).
  const debugInfo = binaryen.getDebugInfo();
  try {
    module.addCustomSection(LAYOUT_SECTION, encodeLayout(layout));
    module.addCustomSection(STATICS_SECTION, statics);
    binaryen.setDebugInfo(false);
    return module.emitBinary();
  } finally {
    binaryen.setDebugInfo(debugInfo);
    module.dispose();
  }
}
