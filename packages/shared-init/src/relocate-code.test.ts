import { DELTAS, RELOCATION_BASES } from "@shared-rt/abi";
import { describe, expect, it } from "vitest";
import { initializeLateGlobals, relocateCode } from "./relocate-code.js";
import { RelocationFailure } from "./shared-init-error.js";
import type { BlockLocator } from "./static-blocks.js";
import { applyEdits, tokenize } from "./wat-tokens.js";

const M = RELOCATION_BASES.memory;
const STATIC = M + 32;

/** Block 0 starts at STATIC and is 16 bytes long. */
const blockOf: BlockLocator = (address) => (address >= STATIC && address < STATIC + 16 ? { block: 0, offset: address - STATIC } : undefined);

/** One build of a small module, at bases moved by `d` from the first build's. */
function text(d: { memory: number; table: number; classes: number }, body = ""): string {
  return `(module
 (import "env" "memory" (memory $0 1))
 (global $p i32 (i32.const ${STATIC + d.memory}))
 (table $0 2 funcref)
 (elem $0 (i32.const ${RELOCATION_BASES.table + d.table}) $f)
 (export "_start" (func $start))
 (func $f (result i32)
  (i32.add (i32.const ${STATIC + 4 + d.memory}) (i32.const ${RELOCATION_BASES.classes + 1 + d.classes}))${body}
 )
 (func $start (local $x i32)
  (nop)
 )
)`;
}

const none = { memory: 0, table: 0, classes: 0, shared: 0 };

describe("relocateCode", () => {
  const textA = text(none);
  const A = tokenize(textA);
  const B = tokenize(text(DELTAS));

  it("turns addresses, table indices and class ids into the load imports, and address-initialized globals into late ones", () => {
    const failure = new RelocationFailure("p", "p.ts");
    const code = relocateCode(A, B, [], blockOf, failure);
    expect(code.counts).toEqual({ memory: 2, table: 1, classes: 1, shared: 0 });
    expect(code.lateGlobals).toEqual([{ name: "$p", value: "(global.get $static_0)" }]);
    const out = applyEdits(textA, [...code.edits, initializeLateGlobals(A, code.lateGlobals, failure.fail)]);
    expect(out).toContain("(global $p (mut i32) (i32.const 0))");
    expect(out).toContain("(elem $0 (global.get $table_base) $f)");
    expect(out).toContain("(i32.add (i32.add (global.get $static_0) (i32.const 4)) (i32.add (global.get $class_base) (i32.const 1)))");
    expect(out).toMatch(/\(func \$start \(local \$x i32\)\n {2}\(global\.set \$p \(global\.get \$static_0\)\)\n {2}\(nop\)/);
  });

  it("removes the data segments it is given", () => {
    const code = relocateCode(A, B, [{ offset: 0, bytes: new Uint8Array(), bytesB: new Uint8Array(), from: 3, to: 11 }], blockOf, new RelocationFailure("p"));
    expect(code.edits[0]).toEqual({ from: A[3].start, to: A[11].end, text: "" });
  });

  it("refuses what differs otherwise, naming plugin, file and function", () => {
    const wide = (d: number) => text(none, `\n  (drop (i64.const ${STATIC + d}))`);
    const failure = new RelocationFailure("p", "p.ts");
    expect(() => relocateCode(tokenize(wide(0)), tokenize(wide(DELTAS.memory)), [], blockOf, failure)).toThrow(
      `plugin 'p' (p.ts) cannot be made relocatable: a 'i64.const' operand differs between the builds (${STATIC} vs ${STATIC + DELTAS.memory}); only i32 constants can be relocated (an address kept as a 64-bit integer?) (in function f)`,
    );
  });

  it("refuses an address that is no static object's", () => {
    const stray = (d: number) => text(none, `\n  (drop (i32.const ${M + 100 + d}))`);
    expect(() => relocateCode(tokenize(stray(0)), tokenize(stray(DELTAS.memory)), [], blockOf, new RelocationFailure("p"))).toThrow(
      `plugin 'p' cannot be made relocatable: the constant ${M + 100} moves with the memory base but is no static object's address (in function f)`,
    );
  });
});
