import { blockBytes, OBJECT_HEADER_SIZE, type RelocatableLayout } from "@shared-rt/abi";
import { LinkError } from "./errors.js";

/**
 * A relocatable plugin's static blocks as the data segments of a plugin linked into a slot.
 * The object keeps only an object's payload (the host allocates it at load); linked, the object
 * is static data below the runtime's heap, so it gets back the header asc writes for a static
 * object (its mmInfo as the allocator would size its block, no collector links, its id and size)
 * and the collector leaves it alone as it does any static object under the heap base.
 */

/** AssemblyScript's block overhead, payload alignment mask and the allocator's smallest block (program.ts computeBlockSize). */
const BLOCK_OVERHEAD = 4;
const AL_MASK = 15;
const BLOCK_MINSIZE = ((3 * 4 + BLOCK_OVERHEAD + AL_MASK) & ~AL_MASK) - BLOCK_OVERHEAD;
/** The managed object's header past the block overhead: gcInfo, gcInfo2, rtId, rtSize. */
const OBJECT_OVERHEAD = OBJECT_HEADER_SIZE - BLOCK_OVERHEAD;

/** The 20-byte header asc writes in front of a static object of `size` payload bytes and class `id`. */
export function objectHeader(id: number, size: number): Uint8Array {
  const blockSize = Math.max(((size + OBJECT_OVERHEAD + BLOCK_OVERHEAD + AL_MASK) & ~AL_MASK) - BLOCK_OVERHEAD, BLOCK_MINSIZE);
  const header = new Uint8Array(OBJECT_HEADER_SIZE);
  const view = new DataView(header.buffer);
  view.setUint32(0, blockSize, true);
  view.setUint32(12, id >>> 0, true);
  view.setUint32(16, size >>> 0, true);
  return header;
}

/** One data segment of the linked plugin: its bytes from `start`. */
export interface PlacedBlock {
  start: number;
  bytes: Uint8Array;
}

/**
 * Every block at its first-build address moved by `shift`, relocations applied. `classId` and
 * `tableSlot` map a first-build class id and table slot to the slot's.
 */
export function placedBlocks(
  reloc: RelocatableLayout,
  statics: Uint8Array,
  shift: number,
  classId: (id: number) => number,
  tableSlot: (slot: number) => number,
  isRtti: (k: number) => boolean,
): PlacedBlock[] {
  const placed = reloc.blocks.map((block, k) => {
    const payload = blockBytes(block, statics);
    const object = block.kind === "object" && !isRtti(k);
    if (!object) return { start: block.address + shift, bytes: payload, payloadAt: 0 };
    const bytes = new Uint8Array(OBJECT_HEADER_SIZE + payload.length);
    bytes.set(objectHeader(classId(block.id ?? 0), payload.length));
    bytes.set(payload, OBJECT_HEADER_SIZE);
    return { start: block.address + shift - OBJECT_HEADER_SIZE, bytes, payloadAt: OBJECT_HEADER_SIZE };
  });
  for (const r of reloc.relocations) {
    const target = placed[r.block];
    let value: number;
    if (r.kind === "memory") {
      if (r.target === undefined || r.targetOffset === undefined || !reloc.blocks[r.target]) {
        throw new LinkError("RELOCATION_FAILED", `a pointer in static data (${r.value}) names no static block`);
      }
      value = reloc.blocks[r.target].address + shift + r.targetOffset;
    } else if (r.kind === "table") {
      value = tableSlot(r.value);
    } else {
      value = classId(r.value);
    }
    new DataView(target.bytes.buffer, target.bytes.byteOffset).setUint32(target.payloadAt + r.offset, value >>> 0, true);
  }
  return placed.map(({ start, bytes }) => ({ start, bytes }));
}
