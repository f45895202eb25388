/**
 * Views of the one shared memory. Any `memory.grow` (by any plugin, or by the runtime inside
 * `__new`) detaches every view of the old buffer, so nothing here keeps a view across a call
 * into wasm: each accessor checks whether the buffer changed and makes new views if it did.
 *
 * Every object starts with the header drawn in `@shared-rt/abi`'s object-header.ts (class id,
 * payload size, the collector's color bits); `ptr`, what code passes around, is where the
 * payload starts.
 *
 * Payloads of the classes the host converts:
 *
 * ```
 *  String        UTF-16LE code units (rtSize = 2 × length)          STRING_ID
 *  ArrayBuffer   raw bytes (rtSize = byteLength)                     ARRAYBUFFER_ID
 *  typed array   buffer: ArrayBuffer | dataStart | byteLength        12 bytes, the plugin's id
 *  Array<T>      buffer: ArrayBuffer | dataStart | byteLength | length_   16 bytes, the plugin's id
 *  StaticArray<T> elements (rtSize = length × sizeof<T>)              the plugin's id
 *  Map<K,V>, Set<T>  buckets | bucketsMask | entries | … (24 bytes)   the plugin's id
 * ```
 *
 * The hash tables behind Map and Set are drawn in map-set-layout.ts.
 */
import { COLOR_MASK, COLOR_PINNED, OBJECT_GC_INFO_OFFSET, OBJECT_HEADER_SIZE, OBJECT_ID_OFFSET, OBJECT_SIZE_OFFSET } from "@shared-rt/abi";

export const VIEW_BUFFER = 0;
export const VIEW_DATA_START = 4;
export const VIEW_BYTE_LENGTH = 8;
export const ARRAY_LENGTH = 12;
export const TYPED_ARRAY_SIZE = 12;
export const ARRAY_SIZE = 16;

export class HeapView {
  readonly memory: WebAssembly.Memory;
  private buffer: ArrayBuffer | undefined;
  private u8_!: Uint8Array;
  private dv_!: DataView;

  constructor(memory: WebAssembly.Memory) {
    this.memory = memory;
  }

  private refresh(): void {
    const buffer = this.memory.buffer;
    if (buffer !== this.buffer) {
      this.buffer = buffer;
      this.u8_ = new Uint8Array(buffer);
      this.dv_ = new DataView(buffer);
    }
  }

  /** Bytes of the whole memory, as of now. */
  get u8(): Uint8Array {
    this.refresh();
    return this.u8_;
  }

  get dv(): DataView {
    this.refresh();
    return this.dv_;
  }

  get byteLength(): number {
    return this.memory.buffer.byteLength;
  }

  u32(address: number): number {
    return this.dv.getUint32(address, true);
  }

  setU32(address: number, value: number): void {
    this.dv.setUint32(address, value, true);
  }

  /** Class id of the object at `ptr`. */
  classId(ptr: number): number {
    return this.u32(ptr + OBJECT_ID_OFFSET);
  }

  /** Payload size in bytes of the object at `ptr`. */
  size(ptr: number): number {
    return this.u32(ptr + OBJECT_SIZE_OFFSET);
  }

  /** Whether the object at `ptr` is pinned (by anyone). */
  isPinned(ptr: number): boolean {
    return (this.u32(ptr + OBJECT_GC_INFO_OFFSET) & COLOR_MASK) === COLOR_PINNED;
  }

  /** Whether `ptr` could be an object: aligned, non-null, header and payload inside memory. */
  plausible(ptr: number): boolean {
    const dv = this.dv;
    if (!Number.isInteger(ptr) || ptr < OBJECT_HEADER_SIZE || ptr % 4 !== 0 || ptr > dv.byteLength) return false;
    return ptr + dv.getUint32(ptr + OBJECT_SIZE_OFFSET, true) <= dv.byteLength;
  }
}

// `fatal`, so that a string with a lone surrogate (valid in AssemblyScript, as in JS) is not
// silently changed to U+FFFD: those take the exact, slower path.
const utf16 = new TextDecoder("utf-16le", { fatal: true });

/** Reads the AssemblyScript string at `ptr` (null for 0). */
export function readString(memory: WebAssembly.Memory, ptr: number): string | null {
  if (!ptr) return null;
  const bytes = new Uint32Array(memory.buffer, ptr + OBJECT_SIZE_OFFSET, 1)[0];
  try {
    return utf16.decode(new Uint8Array(memory.buffer, ptr, bytes));
  } catch {
    const units = new Uint16Array(memory.buffer, ptr, bytes >>> 1);
    let out = "";
    for (let i = 0; i < units.length; i += 4096) out += String.fromCharCode(...units.subarray(i, i + 4096));
    return out;
  }
}

/** Writes `value` as UTF-16 code units at `ptr` (which the caller allocated). */
export function writeString(memory: WebAssembly.Memory, ptr: number, value: string): void {
  const units = new Uint16Array(memory.buffer, ptr, value.length);
  for (let i = 0; i < value.length; ++i) units[i] = value.charCodeAt(i);
}
