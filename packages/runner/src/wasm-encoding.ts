/**
 * The few pieces of the wasm binary format the runner writes itself, without a toolchain in the
 * browser: the trampolines for calls that wait with JSPI (wasm-trampolines.ts) and a threaded
 * worker's edits of a plugin's memory import and data (thread-modules.ts).
 */

/** `\0asm` and version 1. */
export const WASM_HEADER = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00] as const;

/** An unsigned LEB128 (u32: sizes, counts, indices). */
export function uleb(value: number): number[] {
  const out: number[] = [];
  let rest = value >>> 0;
  do {
    let byte = rest & 0x7f;
    rest >>>= 7;
    if (rest) byte |= 0x80;
    out.push(byte);
  } while (rest);
  return out;
}

/** A signed LEB128 (i32 constants). */
export function sleb(value: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = value & 0x7f;
    value >>= 7;
    if ((value === 0 && !(byte & 0x40)) || (value === -1 && byte & 0x40)) return [...out, byte];
    out.push(byte | 0x80);
  }
}

/** A name: its length, then its bytes (ASCII names only). */
export const text = (s: string): number[] => [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];

/** A vector: its count, then its items. */
export const vector = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];

/** A section: its id, its size, its body. */
export const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];
