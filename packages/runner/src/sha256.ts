/**
 * SHA-256 of a project's wasm files, as the manifest records them (`sha256-<hex>`). Node hashes
 * with its own crypto module (`process.getBuiltinModule`, no import a bundler would see): the
 * native digest, synchronous, where `crypto.subtle` costs a job and a promise per file (100
 * small plugins: 0.26 ms against 1.4 ms, measured, besides the thread pool it keeps busy while
 * the engine compiles them). Browsers give `crypto.subtle` only to secure contexts (https,
 * localhost): a page served over plain http from any other host has no `crypto.subtle`, so
 * there the hash is computed by @noble/hashes, a maintained, audited pure-JS implementation (no
 * dependencies, plain ES modules a page can map with an import map). Secure pages use the
 * platform's native digest.
 */
import { sha256 as pureSha256 } from "@noble/hashes/sha2.js";

/** What the runner uses of `node:crypto`. */
interface NodeCrypto {
  createHash(algorithm: "sha256"): { update(bytes: Uint8Array): { digest(encoding: "hex"): string } };
}

/** `node:crypto` where the runtime is Node (20.16 and later), else undefined. */
function nodeCrypto(): NodeCrypto | undefined {
  const process = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const crypto = process?.getBuiltinModule?.("node:crypto") as Partial<NodeCrypto> | undefined;
  return typeof crypto?.createHash === "function" ? (crypto as NodeCrypto) : undefined;
}

const node = nodeCrypto();

/** The two hex digits of each byte value. */
const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, "0"));

/** `sha256-<hex>` of `bytes`. */
export async function sha256(bytes: Uint8Array): Promise<string> {
  return node ? `sha256-${node.createHash("sha256").update(bytes).digest("hex")}` : webSha256(bytes);
}

/** {@link sha256} as a browser computes it: `crypto.subtle` where there is one, else @noble/hashes. */
export async function webSha256(bytes: Uint8Array): Promise<string> {
  const subtle = globalThis.crypto?.subtle;
  const digest = subtle ? new Uint8Array(await subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>)) : pureSha256(bytes);
  let hex = "sha256-";
  for (const b of digest) hex += HEX[b];
  return hex;
}
