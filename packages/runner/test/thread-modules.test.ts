import { describe, expect, it } from "vitest";
import { withoutActiveData, withSharedMemoryImport } from "../src/thread-modules.js";
import { WASM_HEADER } from "../src/wasm-encoding.js";

const text = (s: string) => [s.length, ...Array.from(s, (c) => c.charCodeAt(0))];
const section = (id: number, body: number[]) => [id, body.length, ...body];

/** A module importing an ordinary memory of one page, with an active segment writing aa bb cc at 8 and a passive one. */
function plainModule(): Uint8Array {
  return Uint8Array.from([
    ...WASM_HEADER,
    ...section(2, [1, ...text("env"), ...text("memory"), 0x02, 0x00, 0x01]),
    ...section(12, [2]),
    ...section(11, [2, 0x00, 0x41, 0x08, 0x0b, 3, 0xaa, 0xbb, 0xcc, 0x01, 2, 0xdd, 0xee]),
  ]);
}

describe("a plugin's bytes as a worker of a threaded host instantiates them", () => {
  it("imports the memory shared, with the largest maximum, so that the project's shared memory links", async () => {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 4, shared: true });
    await expect(WebAssembly.instantiate(plainModule(), { env: { memory } })).rejects.toThrow(WebAssembly.LinkError);
    const shared = withSharedMemoryImport(plainModule());
    await WebAssembly.instantiate(shared, { env: { memory } });
    expect(Array.from(new Uint8Array(memory.buffer, 8, 3))).toEqual([0xaa, 0xbb, 0xcc]);
    // Already shared: unchanged.
    expect(withSharedMemoryImport(shared)).toEqual(shared);
  });

  it("writes no static data after the first worker, whatever the memory holds by then", async () => {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 4, shared: true });
    new Uint8Array(memory.buffer).set([1, 2, 3], 8);
    const joined = withoutActiveData(withSharedMemoryImport(plainModule()));
    expect(WebAssembly.validate(joined)).toBe(true);
    await WebAssembly.instantiate(joined, { env: { memory } });
    expect(Array.from(new Uint8Array(memory.buffer, 8, 3))).toEqual([1, 2, 3]);
  });
});
