/**
 * Views: an object's elements in the shared memory as a typed array, without copying (see
 * `Owned.view`). A view is valid only until the next call into wasm, since any allocation may
 * grow the memory and detach it.
 */
import { NUMERIC, isReference, jsTypedArray, type AsType } from "./as-types.js";
import { ARRAY_LENGTH, VIEW_BYTE_LENGTH, VIEW_DATA_START, type HeapView } from "./heap-view.js";
import { noView } from "./value-messages.js";

type ArrayType = Extract<AsType, { kind: "array" | "staticarray" }>;

function alignLog2(bytes: number): number {
  return 31 - Math.clz32(bytes);
}

/** Where an array's elements start, and how many there are. */
export function elements(heap: HeapView, ptr: number, type: ArrayType): { start: number; length: number } {
  const size = isReference(type.element) ? 4 : type.element.kind === "void" ? 1 : NUMERIC[type.element.name].bytes;
  if (type.kind === "staticarray") return { start: ptr, length: heap.size(ptr) >>> alignLog2(size) };
  return { start: heap.u32(ptr + VIEW_DATA_START), length: heap.u32(ptr + ARRAY_LENGTH) };
}

/** A view of the object's elements: code units, bytes, or a typed array of its numbers. */
export function view(heap: HeapView, ptr: number, type: AsType): ArrayBufferView {
  const buffer = heap.memory.buffer;
  switch (type.kind) {
    case "string":
      return new Uint16Array(buffer, ptr, heap.size(ptr) >>> 1);
    case "arraybuffer":
      return new Uint8Array(buffer, ptr, heap.size(ptr));
    case "typedarray": {
      const ctor = jsTypedArray(type.name) as Uint8ArrayConstructor;
      const bytes = heap.u32(ptr + VIEW_BYTE_LENGTH);
      return new ctor(buffer, heap.u32(ptr + VIEW_DATA_START), bytes / NUMERIC[type.element].bytes);
    }
    case "array":
    case "staticarray": {
      if (type.element.kind === "number" || type.element.kind === "bigint" || type.element.kind === "bool") {
        const { start, length } = elements(heap, ptr, type);
        return new (NUMERIC[type.element.name].array as Uint8ArrayConstructor)(buffer, start, length);
      }
      break;
    }
  }
  throw noView(type);
}
