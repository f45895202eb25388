import {
  DELTAS,
  OBJECT_GC_INFO2_OFFSET,
  OBJECT_GC_INFO_OFFSET,
  OBJECT_HEADER_SIZE,
  OBJECT_ID_OFFSET,
  OBJECT_MM_INFO_OFFSET,
  OBJECT_SIZE_OFFSET,
  storeBlock,
  type DataRelocation,
  type RelocationKind,
  type StaticBlock,
} from "@shared-rt/abi";
import { stringBytes, type Token } from "./wat-tokens.js";

/**
 * The static data of a plugin, as blocks the host places at load: every active data segment
 * of the first build becomes one block (a GC object, or raw bytes), and every word in it that
 * differs between the two builds becomes a relocation the host patches.
 */

/** An active data segment, with its bytes in both builds. */
export interface Segment {
  offset: number;
  bytes: Uint8Array;
  bytesB: Uint8Array;
  /** Token range of the whole `(data …)` form in the first build's text. */
  from: number;
  to: number;
}

/** Offsets of the header fields from the start of a static object's segment, which is its header. */
const HEADER = {
  mmInfo: OBJECT_HEADER_SIZE + OBJECT_MM_INFO_OFFSET,
  gcInfo: OBJECT_HEADER_SIZE + OBJECT_GC_INFO_OFFSET,
  gcInfo2: OBJECT_HEADER_SIZE + OBJECT_GC_INFO2_OFFSET,
  id: OBJECT_HEADER_SIZE + OBJECT_ID_OFFSET,
  size: OBJECT_HEADER_SIZE + OBJECT_SIZE_OFFSET,
} as const;

/** The little-endian u32 at `at`. */
export const u32 = (bytes: Uint8Array, at: number) => (bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16) | (bytes[at + 3] << 24)) >>> 0;

/** What a difference between the builds is: the delta of one base, or nothing relocatable. */
export function kindOfDelta(delta: number): RelocationKind | undefined {
  if (delta === DELTAS.memory) return "memory";
  if (delta === DELTAS.table) return "table";
  if (delta === DELTAS.classes) return "classes";
  if (delta === DELTAS.shared) return "shared";
  return undefined;
}

/**
 * The module's active data segments (`(data … (i32.const offset) "…")` at the top level), by
 * offset, with their bytes in both builds. `A` and `B` are the builds' tokens, which line up.
 */
export function readSegments(A: Token[], B: Token[], fail: (why: string) => never): Segment[] {
  const segments: Segment[] = [];
  const heads: { head: string; at: number }[] = [];
  for (let i = 0; i < A.length; ++i) {
    const t = A[i].text;
    if (t === "(") heads.push({ head: A[i + 1]?.text ?? "", at: i });
    else if (t === ")") {
      const open = heads.pop()!;
      if (open.head === "data" && heads.length === 1) {
        const parts = A.slice(open.at, i + 1);
        const constAt = parts.findIndex((p) => p.text === "i32.const");
        if (constAt < 0) fail("a data segment is not active at a constant offset");
        segments.push({
          offset: Number(parts[constAt + 1].text),
          bytes: stringBytes(parts),
          bytesB: stringBytes(B.slice(open.at, i + 1)),
          from: open.at,
          to: i,
        });
      }
    }
  }
  return segments.sort((x, y) => x.offset - y.offset);
}

/**
 * Whether a data segment is an AssemblyScript static object: a consistent 20-byte header
 * (no collector links, a block size that fits the payload size) and a 16-byte aligned payload.
 */
export function isStaticObject(segment: { offset: number; bytes: Uint8Array }): boolean {
  const { bytes, offset } = segment;
  if (bytes.length < OBJECT_HEADER_SIZE || (offset + OBJECT_HEADER_SIZE) % 16 !== 0) return false;
  const mmInfo = u32(bytes, HEADER.mmInfo);
  const rtSize = u32(bytes, HEADER.size);
  if (OBJECT_HEADER_SIZE + rtSize > bytes.length) return false;
  if (u32(bytes, HEADER.gcInfo) !== 0 || u32(bytes, HEADER.gcInfo2) !== 0) return false;
  const blockSize = ((OBJECT_HEADER_SIZE + rtSize + 15) & ~15) - 4;
  return mmInfo === blockSize || mmInfo === blockSize + 16;
}

/** Where an address lies: in block `block`, `offset` bytes from the block's address. */
export type BlockLocator = (address: number) => { block: number; offset: number } | undefined;

export interface StaticBlocks {
  /** One block per segment, in segment order. */
  blocks: StaticBlock[];
  /** The bytes the host copies, block after block, long zero runs left out (the statics section). */
  statics: Uint8Array;
  /** How many blocks are objects and how many raw. */
  counts: { objects: number; raw: number };
  blockOf: BlockLocator;
}

/**
 * Makes every segment a block. The host places objects at the address of their payload and
 * allocates them itself, so of an object only the payload is copied; the RTTI table is raw.
 */
export function placeBlocks(segments: Segment[], rttiBase: number): StaticBlocks {
  const blocks: StaticBlock[] = [];
  const payloads: Uint8Array[] = [];
  const counts = { objects: 0, raw: 0 };
  let size = 0;
  for (const s of segments) {
    const object = isStaticObject(s) && s.offset !== rttiBase;
    const payload = object ? s.bytes.subarray(OBJECT_HEADER_SIZE, OBJECT_HEADER_SIZE + u32(s.bytes, HEADER.size)) : s.bytes;
    const { stored, zeros } = storeBlock(payload);
    blocks.push({
      kind: object ? "object" : "raw",
      at: size,
      size: payload.length,
      ...(object ? { id: u32(s.bytes, HEADER.id) } : {}),
      address: object ? s.offset + OBJECT_HEADER_SIZE : s.offset,
      ...(zeros ? { zeros } : {}),
    });
    counts[object ? "objects" : "raw"]++;
    payloads.push(stored);
    size += stored.length;
  }
  const statics = new Uint8Array(size);
  for (let k = 0; k < blocks.length; ++k) statics.set(payloads[k], blocks[k].at);
  // Segments can be adjacent, so an address is first the start of a block, then inside one,
  // and only then one past the end of one.
  const blockOf: BlockLocator = (address) => {
    let k = blocks.findIndex((b) => b.address === address);
    if (k < 0) k = segments.findIndex((s) => address >= s.offset && address < s.offset + s.bytes.length);
    if (k < 0) k = segments.findIndex((s) => address === s.offset + s.bytes.length);
    return k < 0 ? undefined : { block: k, offset: address - blocks[k].address };
  };
  return { blocks, statics, counts, blockOf };
}

export interface DataRelocations {
  relocations: DataRelocation[];
  /** Words to patch, by kind. */
  counts: Record<RelocationKind, number>;
}

/** The words inside the blocks that differ between the builds: pointers, table indices, class ids. */
export function dataRelocations(segments: Segment[], placed: StaticBlocks, fail: (why: string) => never): DataRelocations {
  const found: DataRelocations = { relocations: [], counts: { memory: 0, table: 0, classes: 0, shared: 0 } };
  const context = { blockOf: placed.blockOf, fail, found };
  segments.forEach((s, k) => {
    if (s.bytes.length !== s.bytesB.length) fail(`data segment at ${s.offset} has different sizes in the two builds`);
    const object = placed.blocks[k].kind === "object";
    for (let at = 0; at < s.bytes.length; ++at) {
      if (s.bytes[at] === s.bytesB[at]) continue;
      relocateWord(s, k, at, object, context);
      at = (at & ~3) + 3;
    }
  });
  return found;
}

/** Records the word holding byte `at` of segment `k` (the first byte that differs in it), or fails. */
function relocateWord(
  s: Segment,
  k: number,
  at: number,
  object: boolean,
  { blockOf, fail, found }: { blockOf: BlockLocator; fail: (why: string) => never; found: DataRelocations },
): void {
  const word = at & ~3;
  if ((s.offset + word) % 4 !== 0 || word + 4 > s.bytes.length) fail(`data at ${s.offset + at} differs between the builds at an unaligned place`);
  const value = u32(s.bytes, word);
  const kind = kindOfDelta((u32(s.bytesB, word) - value) >>> 0);
  if (!kind) fail(`the word at ${s.offset + word} differs between the builds by ${u32(s.bytesB, word) - value}, which is no base's delta`);
  // The class id in an object's header: the host allocates with the relocated id.
  if (object && word === HEADER.id) return;
  if (object && word < OBJECT_HEADER_SIZE) fail(`the header word at ${s.offset + word} of a static object differs between the builds`);
  const offset = object ? word - OBJECT_HEADER_SIZE : word;
  const target = kind === "memory" ? blockOf(value) : undefined;
  if (kind === "memory" && !target) fail(`the word at ${s.offset + word} holds ${value}, which is no static object's address`);
  found.relocations.push({ block: k, offset, kind: kind!, value, ...(target ? { target: target.block, targetOffset: target.offset } : {}) });
  found.counts[kind!]++;
}
