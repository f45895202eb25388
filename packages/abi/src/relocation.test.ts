import { describe, expect, it } from "vitest";
import { blockBytes, MIN_ZERO_RUN, storeBlock } from "./relocation.js";

/** Stores `payloads` one after another as shared-init does and reads each back as the host does. */
function roundTrip(payloads: Uint8Array[]): { read: Uint8Array[]; sectionBytes: number } {
  const stored = payloads.map((p) => storeBlock(p));
  const section = new Uint8Array(stored.reduce((n, s) => n + s.stored.length, 0));
  let at = 0;
  const blocks = stored.map((s, k) => {
    section.set(s.stored, at);
    const block = { at, size: payloads[k].length, ...(s.zeros ? { zeros: s.zeros } : {}) };
    at += s.stored.length;
    return block;
  });
  return { read: blocks.map((b) => blockBytes(b, section)), sectionBytes: section.length };
}

describe("statics encoding: zero runs left out", () => {
  it("gives back every block byte for byte, whatever its zeros", () => {
    const run = MIN_ZERO_RUN;
    const cases = [
      new Uint8Array(0),
      new Uint8Array(run),
      new Uint8Array(run - 1),
      Uint8Array.from([1, ...new Uint8Array(run), 2]),
      Uint8Array.from([...new Uint8Array(run * 3), 7, ...new Uint8Array(run - 1), 8, ...new Uint8Array(run)]),
      Uint8Array.from({ length: 1000 }, (_, i) => (i % 97 < 40 ? 0 : i & 255)),
    ];
    const { read } = roundTrip(cases);
    expect(read).toEqual(cases);
  });

  it("leaves runs of at least MIN_ZERO_RUN out of the section and shorter ones in", () => {
    const payload = Uint8Array.from([5, ...new Uint8Array(MIN_ZERO_RUN), 6, ...new Uint8Array(MIN_ZERO_RUN - 1), 7]);
    expect(storeBlock(payload).zeros).toEqual([1, MIN_ZERO_RUN]);
    expect(roundTrip([payload]).sectionBytes).toBe(payload.length - MIN_ZERO_RUN);
    expect(storeBlock(Uint8Array.from([1, 2, 3])).zeros).toBeUndefined();
  });
});
