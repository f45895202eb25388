import { DELTAS, OBJECT_HEADER_SIZE, RELOCATION_BASES, STRING_ID } from "@shared-rt/abi";
import { describe, expect, it } from "vitest";
import { RelocationError, RelocationFailure } from "./shared-init-error.js";
import { dataRelocations, isStaticObject, kindOfDelta, placeBlocks, readSegments, u32 } from "./static-blocks.js";
import { stringBytes, tokenize } from "./wat-tokens.js";

/** A word as a wat string escape: `\1c\00\00\00`. */
const word = (n: number) => [0, 8, 16, 24].map((s) => `\\${((n >>> s) & 0xff).toString(16).padStart(2, "0")}`).join("");

/** The static string "AB" as asc lays it out: header (mmInfo, gcInfo, gcInfo2, id, size), then UTF-16. */
const stringAB = `${word(28) + word(0) + word(0) + word(STRING_ID) + word(4)}A\\00B\\00`;

const STRING_AT = RELOCATION_BASES.memory + 12; // payload 16-byte aligned
const PAYLOAD_AT = STRING_AT + OBJECT_HEADER_SIZE;
const RAW_AT = STRING_AT + 32;

/** A module at memory base `delta` above the first build: the string, and a raw word pointing at it. */
const build = (delta: number) =>
  tokenize(`(module
 (import "env" "memory" (memory $0 1))
 (data $0 (i32.const ${STRING_AT + delta}) "${stringAB}")
 (data $1 (i32.const ${RAW_AT + delta}) "${word(PAYLOAD_AT + delta)}")
)`);

const failure = () => new RelocationFailure("p", "p.ts");

describe("isStaticObject", () => {
  const ab = stringBytes(tokenize(`"${stringAB}"`));

  it("recognizes asc's static object: consistent header, payload 16-byte aligned", () => {
    expect(u32(ab, 16)).toBe(4);
    expect(isStaticObject({ offset: STRING_AT, bytes: ab })).toBe(true);
  });

  it("accepts a block size one 16-byte step larger too", () => {
    const larger = ab.slice();
    larger[0] = 28 + 16;
    expect(isStaticObject({ offset: STRING_AT, bytes: larger })).toBe(true);
  });

  it("refuses misaligned payloads, collector links, wrong block sizes and short segments", () => {
    expect(isStaticObject({ offset: STRING_AT + 4, bytes: ab })).toBe(false);
    const linked = ab.slice();
    linked[4] = 1;
    expect(isStaticObject({ offset: STRING_AT, bytes: linked })).toBe(false);
    const wrongSize = ab.slice();
    wrongSize[0] = 12;
    expect(isStaticObject({ offset: STRING_AT, bytes: wrongSize })).toBe(false);
    expect(isStaticObject({ offset: STRING_AT, bytes: ab.subarray(0, 22) })).toBe(false);
  });
});

describe("kindOfDelta", () => {
  it("names the base a difference belongs to", () => {
    expect(kindOfDelta(DELTAS.memory)).toBe("memory");
    expect(kindOfDelta(DELTAS.table)).toBe("table");
    expect(kindOfDelta(DELTAS.classes)).toBe("classes");
    expect(kindOfDelta(2 * DELTAS.memory)).toBeUndefined();
  });
});

describe("static blocks of a hand-made module", () => {
  const A = build(0);
  const B = build(DELTAS.memory);
  const segments = readSegments(A, B, failure().fail);

  it("reads each active segment with its bytes in both builds and its token range", () => {
    expect(segments.map((s) => s.offset)).toEqual([STRING_AT, RAW_AT]);
    expect(segments[0].bytes.length).toBe(24);
    expect(u32(segments[1].bytesB, 0)).toBe(PAYLOAD_AT + DELTAS.memory);
    expect(A[segments[0].from + 1].text).toBe("data");
    expect(A[segments[0].to].text).toBe(")");
  });

  it("makes the string an object block (payload only) and the word a raw block", () => {
    const placed = placeBlocks(segments, 0);
    expect(placed.blocks).toEqual([
      { kind: "object", at: 0, size: 4, id: STRING_ID, address: PAYLOAD_AT },
      { kind: "raw", at: 4, size: 4, address: RAW_AT },
    ]);
    expect([...placed.statics]).toEqual([65, 0, 66, 0, ...segments[1].bytes]);
    expect(placed.counts).toEqual({ objects: 1, raw: 1 });
    expect(placed.blockOf(PAYLOAD_AT + 2)).toEqual({ block: 0, offset: 2 });
    expect(placed.blockOf(RAW_AT + 4)).toEqual({ block: 1, offset: 4 });
    expect(placed.blockOf(1)).toBeUndefined();
  });

  it("keeps the RTTI table raw even when it looks like an object", () => {
    expect(placeBlocks(segments, STRING_AT).blocks[0]).toMatchObject({ kind: "raw", at: 0, size: 24, address: STRING_AT });
  });

  it("finds the pointer in the raw block, with the block it points into", () => {
    const placed = placeBlocks(segments, 0);
    expect(dataRelocations(segments, placed, failure().fail)).toEqual({
      relocations: [{ block: 1, offset: 0, kind: "memory", value: PAYLOAD_AT, target: 0, targetOffset: 0 }],
      counts: { memory: 1, table: 0, classes: 0, shared: 0 },
    });
  });

  it("fails on a word that moves by no base's delta, naming plugin, file and address", () => {
    const odd = readSegments(A, build(4), failure().fail);
    const placed = placeBlocks(odd, 0);
    let error: unknown;
    try {
      dataRelocations(odd, placed, failure().fail);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RelocationError);
    expect(error).toMatchObject({
      code: "RELOCATION_FAILED",
      message: `plugin 'p' (p.ts) cannot be made relocatable: the word at ${RAW_AT} differs between the builds by 4, which is no base's delta`,
    });
  });
});
