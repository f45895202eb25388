/**
 * AssemblyScript's `HASH<T>` (std/assembly/util/hash.ts, assemblyscript 0.28), bit for bit:
 * the hash its `Map` and `Set` pick a bucket with, so that a table the host builds is one a
 * plugin's lookups find keys in. XXHash32 with seed 0:
 *
 * - integers of up to 4 bytes (and `bool`): `hash32(u32(key), sizeof<T>())`, the key widened
 *   as AssemblyScript widens it (signed types sign-extended);
 * - `f32`: `hash32` of its bits; `i64`, `u64`: `hash64`; `f64`: `hash64` of its bits;
 * - strings: XXHash32 over their UTF-16LE bytes (`null` hashes to 0);
 * - any other object: `hash32` of its address (identity).
 */
import { NUMERIC, type AsType } from "./as-types.js";
import type { HeapView } from "./heap-view.js";

const P1 = 2654435761;
const P2 = 2246822519;
const P3 = 3266489917;
const P4 = 668265263;
const P5 = 374761393;

function rotl(x: number, r: number): number {
  return (x << r) | (x >>> (32 - r));
}

function avalanche(h: number): number {
  let x = h ^ (h >>> 15);
  x = Math.imul(x, P2);
  x ^= x >>> 13;
  x = Math.imul(x, P3);
  x ^= x >>> 16;
  return x >>> 0;
}

/** `hash32(key, len)`: a key of `len` ≤ 4 bytes, widened to 32 bits. */
export function hash32(key: number, len = 4): number {
  let h = (P5 + len) | 0;
  h = (h + Math.imul(key, P3)) | 0;
  h = Math.imul(rotl(h, 17), P4);
  return avalanche(h);
}

/** `hash64(key)`: a 64-bit key as its low and high words. */
export function hash64(lo: number, hi: number): number {
  let h = (P5 + 8) | 0;
  h = (h + Math.imul(lo, P3)) | 0;
  h = Math.imul(rotl(h, 17), P4);
  h = (h + Math.imul(hi, P3)) | 0;
  h = Math.imul(rotl(h, 17), P4);
  return avalanche(h);
}

function mix(h: number, key: number): number {
  return Math.imul(rotl((h + Math.imul(key, P2)) | 0, 13), P1);
}

function load32(bytes: Uint8Array, at: number): number {
  return bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16) | (bytes[at + 3] << 24);
}

/** `hashStr`: XXHash32 of `len` bytes of `bytes` from `start` (a string's UTF-16LE code units). */
export function hashBytes(bytes: Uint8Array, start: number, len: number): number {
  let h = len;
  let pos = start;
  if (len >= 16) {
    let s1 = (P1 + P2) | 0;
    let s2 = P2 | 0;
    let s3 = 0;
    let s4 = -P1 | 0;
    const end = start + len - 16;
    for (; pos <= end; pos += 16) {
      s1 = mix(s1, load32(bytes, pos));
      s2 = mix(s2, load32(bytes, pos + 4));
      s3 = mix(s3, load32(bytes, pos + 8));
      s4 = mix(s4, load32(bytes, pos + 12));
    }
    h = (h + rotl(s1, 1) + rotl(s2, 7) + rotl(s3, 12) + rotl(s4, 18)) | 0;
  } else {
    h = (h + P5) | 0;
  }
  for (const end = start + len - 4; pos <= end; pos += 4) {
    h = (h + Math.imul(load32(bytes, pos), P3)) | 0;
    h = Math.imul(rotl(h, 17), P4);
  }
  for (const end = start + len; pos < end; ++pos) {
    h = (h + Math.imul(bytes[pos], P5)) | 0;
    h = Math.imul(rotl(h, 11), P1);
  }
  return avalanche(h);
}

/** `HASH<string>` of a JS string (`null`: 0). */
export function hashString(value: string | null): number {
  if (value === null) return 0;
  const units = new Uint16Array(value.length);
  for (let i = 0; i < value.length; ++i) units[i] = value.charCodeAt(i);
  return hashBytes(new Uint8Array(units.buffer), 0, units.byteLength);
}

const f32 = new Float32Array(1);
const f64 = new Float64Array(1);
const words32 = new Uint32Array(f32.buffer);
const words64 = new Uint32Array(f64.buffer);

/**
 * `HASH<K>` of a key as the host lowered it: a number or bigint for a numeric `K`, else the
 * object's address (a string is hashed by its contents in `heap`).
 */
export function hashKey(heap: HeapView, type: AsType, raw: number | bigint): number {
  switch (type.kind) {
    case "number":
    case "bool":
      if (type.name === "f32") {
        f32[0] = raw as number;
        return hash32(words32[0]);
      }
      if (type.name === "f64") {
        f64[0] = raw as number;
        return hash64(words64[0], words64[1]);
      }
      return hash32(raw as number, NUMERIC[type.name].bytes);
    case "bigint": {
      const big = BigInt.asUintN(64, raw as bigint);
      return hash64(Number(big & 0xffffffffn), Number(big >> 32n));
    }
    case "string":
      return raw ? hashBytes(heap.u8, raw as number, heap.size(raw as number)) : 0;
    default:
      return hash32(raw as number);
  }
}
