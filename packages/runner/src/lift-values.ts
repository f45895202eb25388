/**
 * Lifting: AssemblyScript values (wasm results, objects on the shared heap) copied into JS
 * values, by the AssemblyScript type a plugin's signature records. What comes back is the
 * caller's, independent of the heap; a class the host cannot convert comes back as its address.
 * A `Map` or `Set` becomes a JS one with its live entries in insertion order (map-set-layout.ts).
 */
import { NUMERIC, isReference, jsTypedArray, type AsType, type NumericName, type RefType } from "./as-types.js";
import { VIEW_BYTE_LENGTH, VIEW_DATA_START, readString, type HeapView } from "./heap-view.js";
import { entryLayout, liveEntries, loadScalar } from "./map-set-layout.js";
import { elements } from "./view-values.js";

/** A wasm result of numeric type `name` as JS sees it: unsigned types unsigned, bool a boolean. */
export function liftScalar(raw: unknown, name: NumericName): number | bigint | boolean {
  switch (name) {
    case "bool":
      return raw !== 0;
    case "u8":
      return (raw as number) & 0xff;
    case "i8":
      return ((raw as number) << 24) >> 24;
    case "u16":
      return (raw as number) & 0xffff;
    case "i16":
      return ((raw as number) << 16) >> 16;
    case "u32":
    case "usize":
      return (raw as number) >>> 0;
    case "u64":
      return BigInt.asUintN(64, raw as bigint);
    default:
      return raw as number | bigint;
  }
}

/** Copies the value `raw` of type `type` into a JS value. */
export function lift(heap: HeapView, raw: unknown, type: AsType): unknown {
  if (!isReference(type)) return type.kind === "void" ? undefined : liftScalar(raw, type.name);
  return liftRef(heap, raw as number, type);
}

/** Copies the object at `ptr` (null for 0) into a JS value. */
export function liftRef(heap: HeapView, ptr: number, type: RefType): unknown {
  if (!ptr) return null;
  switch (type.kind) {
    case "string":
      return readString(heap.memory, ptr);
    case "arraybuffer":
      return heap.u8.slice(ptr, ptr + heap.size(ptr)).buffer;
    case "typedarray": {
      const ctor = jsTypedArray(type.name);
      const start = heap.u32(ptr + VIEW_DATA_START);
      const bytes = heap.u32(ptr + VIEW_BYTE_LENGTH);
      return new (ctor as Uint8ArrayConstructor)(heap.u8.slice(start, start + bytes).buffer);
    }
    case "array":
    case "staticarray":
      return liftArray(heap, ptr, type);
    case "map":
    case "set":
      return liftTable(heap, ptr, type);
    case "class":
      return ptr;
  }
}

function liftArray(heap: HeapView, ptr: number, type: Extract<AsType, { kind: "array" | "staticarray" }>): unknown[] {
  const { start, length } = elements(heap, ptr, type);
  const element = type.element;
  if (!isReference(element)) {
    if (element.kind === "void") return [];
    const spec = NUMERIC[element.name];
    const view = new (spec.array as Uint8ArrayConstructor)(heap.memory.buffer, start, length);
    return element.name === "bool" ? Array.from(view, (b) => b !== 0) : Array.from(view);
  }
  const out: unknown[] = new Array(length);
  for (let i = 0; i < length; ++i) out[i] = liftRef(heap, heap.u32(start + i * 4), element);
  return out;
}

/** A Map's or Set's live entries, in insertion order, as a JS Map or Set. */
function liftTable(heap: HeapView, ptr: number, type: Extract<AsType, { kind: "map" | "set" }>): Map<unknown, unknown> | Set<unknown> {
  const layout = entryLayout(type);
  const entries = liveEntries(heap, ptr, layout);
  if (type.kind === "set") return new Set(entries.map((entry) => liftAt(heap, entry + layout.key, type.element)));
  return new Map(entries.map((entry) => [liftAt(heap, entry + layout.key, type.key), liftAt(heap, entry + layout.value, type.value)]));
}

/** The value of type `type` stored at `address` (a field, an element), copied into JS. */
function liftAt(heap: HeapView, address: number, type: AsType): unknown {
  if (isReference(type)) return liftRef(heap, heap.u32(address), type);
  return type.kind === "void" ? undefined : loadScalar(heap, address, type.name);
}
