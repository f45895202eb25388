import { createHash } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { sha256, webSha256 } from "../src/sha256.js";

const expected = (bytes: Uint8Array) => `sha256-${createHash("sha256").update(bytes).digest("hex")}`;
// Lengths around SHA-256's 64-byte blocks and its 56-byte padding boundary, and a wasm-sized one.
const inputs = [0, 1, 55, 56, 63, 64, 65, 1000, 70_001].map((n) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + n) & 255));
const platformCrypto = Object.getOwnPropertyDescriptor(globalThis, "crypto")!;

describe("sha256", () => {
  afterEach(() => Object.defineProperty(globalThis, "crypto", platformCrypto));

  it("hashes with node:crypto in Node", async () => {
    for (const bytes of inputs) expect(await sha256(bytes)).toBe(expected(bytes));
  });

  it("hashes as a browser does with the platform's crypto.subtle where there is one", async () => {
    expect(globalThis.crypto?.subtle).toBeDefined();
    for (const bytes of inputs) expect(await webSha256(bytes)).toBe(expected(bytes));
  });

  it("hashes the same without crypto.subtle, as a page on a non-secure origin has", async () => {
    // A browser's insecure context keeps `crypto` (getRandomValues) but has no `subtle`.
    Object.defineProperty(globalThis, "crypto", { value: { getRandomValues: crypto.getRandomValues.bind(crypto) }, configurable: true });
    expect(globalThis.crypto.subtle).toBeUndefined();
    for (const bytes of inputs) expect(await webSha256(bytes)).toBe(expected(bytes));
  });

  it("hashes the same with no crypto at all", async () => {
    Object.defineProperty(globalThis, "crypto", { value: undefined, configurable: true });
    for (const bytes of inputs) expect(await webSha256(bytes)).toBe(expected(bytes));
  });
});
