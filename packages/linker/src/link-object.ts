import binaryen from "assemblyscript/binaryen";
import {
  COMMON_CLASS_IDS,
  FIRST_SHARED_CLASS_ID,
  LAYOUT_SECTION,
  LOAD_NAMESPACE,
  STATICS_SECTION,
  isSharedClassId,
  relocateDispatch,
  type PluginLayout,
  type RelocatableLayout,
} from "@shared-rt/abi";
import { customSection, optimizeRelocatable, pluginFeatures, withFreshSettings, type OptimizeLevels } from "shared-init";
import { LinkError } from "./errors.js";
import { placedBlocks } from "./place-statics.js";
import { withLayoutSection, withoutSections } from "./strip-layout.js";

/**
 * Linking a relocatable plugin (an "object": compiled once, at no base) into a slot, without
 * recompiling it — what wasm-ld does with an object file. The result is the module a compile
 * at the slot's bases gives, up to the optimizer's choices:
 *
 * - the `shared-rt.load` globals the code reads (`table_base`, `class_base`, `shared_class_<k>`,
 *   `static_<k>`) become immutable constants, which the optimizer folds back into `i32.const`;
 * - the static blocks become data segments at the addresses a compile at `memoryBase` gives
 *   them: every block moves by `memoryBase − bases.memory`, so their order, gaps and alignment
 *   are the first build's (the slot base is a multiple of 16, like the build's); objects get
 *   back the header asc writes for a static object (place-statics.ts); data relocations applied;
 * - the function table segment sits at `tableBase`;
 * - the layout is the one that compile would record (ranges, RTTI address, class ids, dispatch).
 *
 * Shared classes get the project's ids, looked up by name when linking: which plugin was
 * compiled first no longer matters.
 */

export interface Placement {
  memoryBase: number;
  tableBase: number;
  /** First id of the plugin's private class range. */
  classBase: number;
  /** The project's id of a shared class, by canonical name. */
  sharedId: (name: string) => number;
}

export interface LinkedObject {
  /** The linked module, with its layout section (the linker strips it when shipping). */
  wasm: Uint8Array;
  layout: PluginLayout;
}

/** Links the relocatable plugin `wasm` into `placement`, optimized at `levels`. Deterministic. */
export function linkRelocatable(name: string, wasm: Uint8Array, placement: Placement, levels: OptimizeLevels): LinkedObject {
  const placed = placeRelocatable(name, wasm, placement, levels.atomics);
  return { wasm: withLayoutSection(optimizeLinked(placed.wasm, levels), placed.layout), layout: placed.layout };
}

/**
 * Optimizes a placed module at `levels`, as asc optimizes a linked plugin: its slot is zero in a
 * fresh memory (--zeroFilledMemory), so zero runs may go from its data; a start function left
 * empty is not exported (most plugins' static initializers fold into constants).
 */
export function optimizeLinked(wasm: Uint8Array, levels: OptimizeLevels): Uint8Array {
  return optimizeRelocatable(wasm, { ...levels, zeroFilledMemory: true, dropEmptyStart: true });
}

/**
 * The relocatable plugin `wasm` placed into `placement`, unoptimized and without custom sections,
 * with the layout a compile at those bases records. The layout does not depend on optimizing
 * (which neither moves data nor changes the table), so the linker places every plugin first and
 * optimizes them at once afterwards. `atomics`: the object was compiled with asc's threads feature.
 */
export function placeRelocatable(name: string, wasm: Uint8Array, placement: Placement, atomics?: boolean): LinkedObject {
  const { layout, statics } = readObject(name, wasm);
  const reloc = layout.relocatable;
  const shift = placement.memoryBase - reloc.bases.memory;
  if (shift % 16 !== 0) throw new LinkError("RELOCATION_FAILED", `plugin '${name}': memory base ${placement.memoryBase} is not 16-byte aligned`);
  const classId = classRelocator(name, layout, placement);
  const tableSlot = (slot: number) => placement.tableBase + (slot - reloc.bases.table);
  const blocks = placedBlocks(reloc, statics, shift, classId, tableSlot, (k) => k === reloc.rttiBlock);
  const end = blocks.reduce((max, b) => Math.max(max, b.start + b.bytes.length), placement.memoryBase);
  const rttiBase = reloc.rttiBlock >= 0 ? reloc.blocks[reloc.rttiBlock].address + shift : 0;

  const values = new Map<string, number>([
    ["table_base", placement.tableBase],
    ["class_base", placement.classBase],
  ]);
  layout.classes.names.forEach((cls, i) => {
    const id = layout.classes.ids?.[i];
    if (id !== undefined && isSharedClassId(id)) values.set(`shared_class_${id - sharedBase(reloc)}`, placement.sharedId(cls));
  });
  reloc.blocks.forEach((b, k) => {
    values.set(`static_${k}`, b.address + shift);
  });

  const { relocatable: _, ...rest } = layout;
  const linked: PluginLayout = {
    ...rest,
    memory: { base: placement.memoryBase, end },
    table: { base: placement.tableBase, size: layout.table.size },
    classes: {
      ...layout.classes,
      base: placement.classBase,
      rttiBase,
      ...(layout.classes.ids ? { ids: layout.classes.ids.map(classId) } : {}),
    },
    ...(layout.dispatch ? { dispatch: relocateDispatch(layout.dispatch, classId, tableSlot) } : {}),
  };
  const segments = blocks.map(withoutZeroEnds).filter((b) => b.bytes.length > 0);
  const module = placeModule(name, wasm, values, placement.tableBase, segments, atomics);
  return { wasm: withoutSections(module, [LAYOUT_SECTION, STATICS_SECTION]), layout: linked };
}

/**
 * A segment without its leading and trailing zero bytes: the slot is zero in a fresh memory, as
 * asc assumes with --zeroFilledMemory. (Binaryen's memory packing would keep each segment's last
 * byte, so that instantiating into too small a memory still traps; the host sizes the memory.)
 */
function withoutZeroEnds(block: { start: number; bytes: Uint8Array }): { start: number; bytes: Uint8Array } {
  let from = 0;
  let to = block.bytes.length;
  while (from < to && block.bytes[from] === 0) ++from;
  while (to > from && block.bytes[to - 1] === 0) --to;
  return { start: block.start + from, bytes: block.bytes.subarray(from, to) };
}

function sharedBase(reloc: RelocatableLayout): number {
  return reloc.bases.shared ?? FIRST_SHARED_CLASS_ID;
}

function readObject(name: string, wasm: Uint8Array): { layout: PluginLayout & { relocatable: RelocatableLayout }; statics: Uint8Array } {
  // Read from the bytes: compiling the module to read its sections would cost more than placing it.
  const section = customSection(wasm, LAYOUT_SECTION);
  if (!section) throw new LinkError("NOT_A_PLUGIN", `plugin '${name}': its object has no ${LAYOUT_SECTION} section`);
  const layout = JSON.parse(new TextDecoder().decode(section)) as PluginLayout;
  if (!layout.relocatable) throw new LinkError("NOT_RELOCATABLE", `plugin '${name}': its object is not relocatable`);
  const statics = customSection(wasm, STATICS_SECTION);
  return { layout: layout as PluginLayout & { relocatable: RelocatableLayout }, statics: statics ?? new Uint8Array(0) };
}

/** A class id as the object was built (first build) → its id in the slot: common, the project's shared id, or private. */
function classRelocator(name: string, layout: PluginLayout & { relocatable: RelocatableLayout }, placement: Placement): (id: number) => number {
  const reloc = layout.relocatable;
  const shared = new Map<number, number>();
  layout.classes.names.forEach((cls, i) => {
    const id = layout.classes.ids?.[i];
    if (id !== undefined && isSharedClassId(id)) shared.set(id, placement.sharedId(cls));
  });
  return (id) => {
    if (id < COMMON_CLASS_IDS) return id;
    if (isSharedClassId(id)) {
      const real = shared.get(id);
      if (real === undefined) throw new LinkError("RELOCATION_FAILED", `plugin '${name}': its class id ${id} names none of its shared classes`);
      return real;
    }
    return placement.classBase + (id - reloc.bases.classes);
  };
}

/**
 * The object's module with the load globals as constants, its table segment at `tableBase` and
 * `segments` as active data segments of its (still imported) memory; validated.
 */
function placeModule(
  name: string,
  wasm: Uint8Array,
  values: Map<string, number>,
  tableBase: number,
  segments: { start: number; bytes: Uint8Array }[],
  atomics: boolean | undefined,
): Uint8Array {
  const module = binaryen.readBinary(wasm);
  try {
    module.setFeatures(pluginFeatures(atomics));
    const loads: { internal: string; value: number }[] = [];
    for (let i = 0, n = module.getNumGlobals(); i < n; ++i) {
      const info = binaryen.getGlobalInfo(module.getGlobalByIndex(i));
      if (info.module !== LOAD_NAMESPACE) continue;
      const value = values.get(info.base ?? "");
      if (value === undefined)
        throw new LinkError("RELOCATION_FAILED", `plugin '${name}': its object imports ${LOAD_NAMESPACE}.${info.base}, which linking does not provide`);
      loads.push({ internal: info.name, value });
    }
    for (const { internal, value } of loads) {
      module.removeGlobal(internal);
      module.addGlobal(internal, binaryen.i32, false, module.i32.const(value));
    }
    placeTable(module, tableBase);
    placeMemory(name, module, segments);
    if (!module.validate()) throw new LinkError("RELOCATION_FAILED", `plugin '${name}': the linked module does not validate (Binaryen printed why on stderr)`);
    // No debug info, and the same bytes whatever ran before in this thread.
    return withFreshSettings(() => module.emitBinary());
  } finally {
    module.dispose();
  }
}

/** Every active element segment moves to a constant offset: `tableBase` plus what it added to `table_base`. */
function placeTable(module: binaryen.Module, tableBase: number): void {
  const n = module.getNumElementSegments();
  const segments = Array.from({ length: n }, (_, i) => binaryen.getElementSegmentInfo(module.getElementSegmentByIndex(i)));
  for (const [i, info] of segments.entries()) {
    if (!info.table || info.offset === 0) continue;
    const name = `linked_elem_${i}`;
    module.removeElementSegment(info.name);
    module.addActiveElementSegment(info.table as string, name, info.data, module.i32.const(tableBase));
  }
}

/** The data segments, added to the imported memory (which keeps its import and limits). */
function placeMemory(name: string, module: binaryen.Module, segments: { start: number; bytes: Uint8Array }[]): void {
  if (!module.hasMemory()) {
    if (segments.length) throw new LinkError("RELOCATION_FAILED", `plugin '${name}': its object has static data but no memory`);
    return;
  }
  const info = module.getMemoryInfo();
  // Binaryen names the memory of a binary without a names section (which objects never have)
  // by whether it is imported; its info does not say.
  const internal = info.module ? "mimport$0" : "0";
  module.setMemory(
    info.initial,
    info.max ?? -1,
    null,
    segments.map((s) => ({ data: s.bytes, offset: module.i32.const(s.start), passive: false })),
    info.shared,
    false,
    internal,
  );
  if (info.module) module.addMemoryImport(internal, info.module, info.base!, info.shared);
}
