import binaryen from "assemblyscript/binaryen";
import { LAYOUT_SECTION, RELOCATION_BASES, decodeLayout, isSharedClassId, type PluginLayout, type RelocationKind } from "@shared-rt/abi";
import { customSection } from "./custom-section.js";
import { declareLoadImports, emitRelocatable, parseRelocated, relocatableLayout } from "./emit-relocatable.js";
import { printBuild } from "./print-build.js";
import { initializeLateGlobals, relocateCode } from "./relocate-code.js";
import { RelocationError, RelocationFailure } from "./shared-init-error.js";
import { dataRelocations, placeBlocks, readSegments } from "./static-blocks.js";
import { applyEdits, tokenize } from "./wat-tokens.js";

/**
 * Relocatable plugins: no data at fixed addresses, table slots and class ids chosen at load.
 *
 * The exact method: the plugin is compiled twice, identically but for its bases — memory at
 * `bases.memory` and `bases.memory + DELTAS.memory`, likewise table and class ids. Two builds
 * of one program differ in exactly the constants derived from those bases, and by exactly the
 * delta of that base; so a constant that differs by the memory delta is an address, by the
 * table delta a table index, by the class delta a class id, and *any other difference* means
 * the builds are not the same shape, which is an error, never a guess. An ordinary integer
 * that happens to equal an address is the same in both builds and is left alone.
 *
 * In the result:
 * - every address constant in code becomes `global.get $static_k` (+ offset), where static_k is
 *   a mutable i32 global imported from `shared-rt.load` that the host sets to where it put
 *   static object k; private class ids become `class_base + n`, shared ones (placeholders
 *   `RELOCATION_BASES.shared + k`, moved by `DELTAS.shared`) `shared_class_<k>`, table indices
 *   `table_base + n`;
 * - the data segments are gone: their bytes travel in a `shared-rt.statics` custom section,
 *   and the layout lists, per static object, where its bytes are and which of its words are
 *   pointers, table indices or class ids to patch;
 * - the function table segment is placed at the imported `table_base`.
 *
 * The steps, one file each: print both builds as text and tokenize them (print-build.ts,
 * wat-tokens.ts); make the data segments blocks and find the words in them to patch
 * (static-blocks.ts); rewrite the constants in code (relocate-code.ts); declare the load
 * imports, parse the text back and emit it with its sections (emit-relocatable.ts).
 */

export interface RelocationReport {
  /** Constants in code that were relocated, by kind. */
  code: Record<RelocationKind, number>;
  /** Words in static data that the host patches, by kind. */
  data: Record<RelocationKind, number>;
  blocks: { objects: number; raw: number; bytes: number };
}

/**
 * Turns two builds of one plugin (at RELOCATION_BASES and at RELOCATION_BASES + DELTAS) into
 * one relocatable module. `name` and `file` are used in error messages.
 */
export function makeRelocatable(name: string, first: Uint8Array, second: Uint8Array, file?: string): { wasm: Uint8Array; report: RelocationReport } {
  // A binary does not say which features it uses; AssemblyScript's output needs bulk memory,
  // sign extension and the like, so validate against all of them.
  const features = binaryen.Features.All;
  const textA = printBuild(first);
  const textB = printBuild(second);
  const layout = layoutOf(name, first);
  const A = tokenize(textA);
  const B = tokenize(textB);
  const failure = new RelocationFailure(name, file);
  if (A.length !== B.length) failure.fail(`its builds at two bases differ in shape (${A.length} vs ${B.length} tokens)`);

  const segments = readSegments(A, B, failure.fail);
  const placed = placeBlocks(segments, layout.classes.rttiBase);
  const data = dataRelocations(segments, placed, failure.fail);
  const code = relocateCode(A, B, segments, placed.blockOf, failure);
  // Whatever fails from here on is about the module as a whole, not the last function read.
  failure.where = "";
  const edits = [...code.edits];
  if (code.lateGlobals.length) edits.push(initializeLateGlobals(A, code.lateGlobals, failure.fail));
  const sharedCount = (layout.classes.ids ?? []).filter((id) => isSharedClassId(id)).length;
  edits.push(declareLoadImports(A, placed.blocks.length, sharedCount));
  const module = parseRelocated(applyEdits(textA, edits), features, failure);

  const rttiBlock = segments.findIndex((s) => s.offset === layout.classes.rttiBase);
  const relocatable = relocatableLayout(layout, { bases: RELOCATION_BASES, blocks: placed.blocks, relocations: data.relocations, rttiBlock });
  const wasm = emitRelocatable(module, relocatable, placed.statics);
  return { wasm, report: { code: code.counts, data: data.counts, blocks: { ...placed.counts, bytes: placed.statics.length } } };
}

/** The layout the shared-init transform recorded in a build. */
function layoutOf(name: string, wasm: Uint8Array): PluginLayout {
  const section = customSection(wasm, LAYOUT_SECTION);
  if (!section) throw new RelocationError(`plugin '${name}': the module was not built with the shared-init transform`);
  return decodeLayout(section);
}
