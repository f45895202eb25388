/**
 * SHA-256 of a project's wasm files, as the manifest records them (`sha256-<hex>`). Browsers give
 * `crypto.subtle` only to secure contexts (https, localhost): a page served over plain http from
 * any other host has no `crypto.subtle`, so there the hash is computed by @noble/hashes, a
 * maintained, audited pure-JS implementation (no dependencies, plain ES modules a page can map
 * with an import map). Node and secure pages use the platform's native digest.
 */
import { sha256 as pureSha256 } from "@noble/hashes/sha2.js";

/** The two hex digits of each byte value. */
const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, "0"));

/** `sha256-<hex>` of `bytes`. */
export async function sha256(bytes: Uint8Array): Promise<string> {
  const subtle = globalThis.crypto?.subtle;
  const digest = subtle ? new Uint8Array(await subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>)) : pureSha256(bytes);
  let hex = "sha256-";
  for (const b of digest) hex += HEX[b];
  return hex;
}
