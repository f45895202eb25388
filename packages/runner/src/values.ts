/**
 * Converting JS values to and from AssemblyScript values in the shared memory, by the
 * AssemblyScript type the build recorded for each export.
 *
 * String layout (see ~lib/rt/common.ts): the payload is UTF-16LE; the u32 below it (rtSize)
 * is its length in bytes; the class id (rtId) sits 8 bytes below the payload.
 */

export const STRING_ID = 2;

const INTEGER_TYPES = new Set(["i8", "u8", "i16", "u16", "i32", "u32", "isize", "usize"]);
const BIGINT_TYPES = new Set(["i64", "u64"]);
const FLOAT_TYPES = new Set(["f32", "f64"]);

export type ValueKind = "number" | "bigint" | "bool" | "string" | "void" | "unsupported";

export function kindOf(type: string): ValueKind {
  const bare = type.replace(/\s*\|\s*null$/, "");
  if (INTEGER_TYPES.has(bare) || FLOAT_TYPES.has(bare)) return "number";
  if (BIGINT_TYPES.has(bare)) return "bigint";
  if (bare === "bool") return "bool";
  if (bare === "string") return "string";
  if (bare === "void") return "void";
  return "unsupported";
}

const utf16 = new TextDecoder("utf-16le");

/** Reads the AssemblyScript string at `ptr` (null for 0). */
export function readString(memory: WebAssembly.Memory, ptr: number): string | null {
  if (!ptr) return null;
  const bytes = new Uint32Array(memory.buffer, ptr - 4, 1)[0];
  return utf16.decode(new Uint8Array(memory.buffer, ptr, bytes));
}

/** Writes `value` as UTF-16 code units at `ptr` (which the caller allocated). */
export function writeString(memory: WebAssembly.Memory, ptr: number, value: string): void {
  const units = new Uint16Array(memory.buffer, ptr, value.length);
  for (let i = 0; i < value.length; ++i) units[i] = value.charCodeAt(i);
}
