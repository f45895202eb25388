/**
 * The wasm files of a project, as a worker of a threaded host instantiates them (threads.md in
 * the runner README): plugins are built for an ordinary memory, and an engine links a module
 * to a shared memory only if its import says `shared` with a maximum; and every worker after
 * the first must not write the static data again (active data segments are applied at every
 * instantiation, and the first worker's plugins may have changed their static data since).
 * Both are small edits of the binary, made at load: a project need not be rebuilt to run threaded.
 */
import { uleb } from "./wasm-encoding.js";

/** Largest wasm32 memory, in pages: the maximum a rewritten memory import accepts. */
const MAX_PAGES = 65536;
const IMPORT_SECTION = 2;
const DATA_SECTION = 11;

interface Reader {
  bytes: Uint8Array;
  at: number;
}

function readU32(r: Reader): number {
  let result = 0;
  let shift = 0;
  for (;;) {
    const byte = r.bytes[r.at++];
    if (byte === undefined) throw new Error("truncated module");
    result |= (byte & 0x7f) << shift;
    if (!(byte & 0x80)) return result >>> 0;
    shift += 7;
  }
}

function skipLeb(r: Reader): void {
  while (r.bytes[r.at++] & 0x80) {
    if (r.at > r.bytes.length) throw new Error("truncated module");
  }
}

/** Skips a constant expression (an offset): i32/i64.const, global.get, extended-const arithmetic, up to its `end`. */
function skipConstExpr(r: Reader): void {
  for (;;) {
    const op = r.bytes[r.at++];
    if (op === 0x0b) return;
    if (op === 0x41 || op === 0x42 || op === 0x23) skipLeb(r);
    else if (op !== 0x6a && op !== 0x6b && op !== 0x6c && op !== 0x7c && op !== 0x7d && op !== 0x7e)
      throw new Error(`unexpected opcode 0x${op?.toString(16)} in a constant expression`);
  }
}

/** Rewrites each section `id` with `edit` (which returns the new section body). */
function editSections(bytes: Uint8Array, id: number, edit: (body: Uint8Array) => Uint8Array): Uint8Array<ArrayBuffer> {
  const parts: Uint8Array[] = [bytes.subarray(0, 8)];
  const r: Reader = { bytes, at: 8 };
  while (r.at < bytes.length) {
    const start = r.at;
    const sectionId = bytes[r.at++];
    const size = readU32(r);
    const bodyStart = r.at;
    r.at += size;
    if (sectionId !== id) {
      parts.push(bytes.subarray(start, r.at));
      continue;
    }
    const body = edit(bytes.subarray(bodyStart, r.at));
    parts.push(Uint8Array.of(sectionId, ...uleb(body.length)), body);
  }
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function append(out: number[], bytes: Uint8Array): void {
  for (const byte of bytes) out.push(byte);
}

function skipName(r: Reader): void {
  const length = readU32(r);
  r.at += length;
}

/** The module with its memory import declared shared, with the largest maximum (unchanged if it already is). */
export function withSharedMemoryImport(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return editSections(bytes, IMPORT_SECTION, (body) => {
    const r: Reader = { bytes: body, at: 0 };
    const count = readU32(r);
    for (let i = 0; i < count; ++i) {
      skipName(r);
      skipName(r);
      const kind = body[r.at++];
      if (kind === 0x00) skipLeb(r);
      else if (kind === 0x01) {
        r.at++; // reftype
        const flags = body[r.at++];
        skipLeb(r);
        if (flags & 1) skipLeb(r);
      } else if (kind === 0x03) r.at += 2;
      else if (kind === 0x02) {
        const limitsAt = r.at;
        const flags = body[r.at++];
        const minimum = readU32(r);
        if (flags & 1) skipLeb(r);
        if (flags === 0x03) return body;
        const limits = [0x03, ...uleb(minimum), ...uleb(MAX_PAGES)];
        return Uint8Array.from([...body.subarray(0, limitsAt), ...limits, ...body.subarray(r.at)]);
      } else throw new Error(`unknown import kind ${kind}`);
    }
    return body;
  });
}

/** The module with every active data segment emptied (same count and offsets: nothing is written). */
export function withoutActiveData(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return editSections(bytes, DATA_SECTION, (body) => {
    const r: Reader = { bytes: body, at: 0 };
    const count = readU32(r);
    const out: number[] = uleb(count);
    for (let i = 0; i < count; ++i) {
      const start = r.at;
      const flags = readU32(r);
      if (flags === 1) {
        // Passive: kept as it is (memory.init copies it where the module says).
        const length = readU32(r);
        r.at += length;
        append(out, body.subarray(start, r.at));
        continue;
      }
      if (flags === 2) skipLeb(r);
      skipConstExpr(r);
      const header = body.subarray(start, r.at);
      const length = readU32(r);
      r.at += length;
      append(out, header);
      out.push(0);
    }
    return Uint8Array.from(out);
  });
}
