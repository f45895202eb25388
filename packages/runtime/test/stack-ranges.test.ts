import { describe, expect, it } from "vitest";
import { STACK_RANGE_RECORD as R, RUNTIME_EXPORTS, RUNTIME_GLOBAL_NAMES } from "@shared-rt/abi";
import { runtimeAlone } from "./runtime-alone.js";

// Extra shadow stacks (assembly/stack-segments.ts): a linked record's [sp, top) is scanned as
// roots, and from the current stack pointer when that lies inside the record's [base, top).
describe("extra stacks scanned as roots (incremental collector)", () => {
  it("keep what their live frames reference, and only that, until unlinked", async () => {
    const { rt, memory } = await runtimeAlone("incremental");
    const u32 = () => new Uint32Array(memory.buffer);
    const live = () => (rt[RUNTIME_EXPORTS.heapLive] as WebAssembly.Global).value as number;
    rt.__collect();
    const empty = live();
    // A stack of 256 bytes: record at its top, one live slot at sp, one dead slot below sp.
    const block = rt.__alloc(256);
    const record = block + 224;
    const kept = rt.__new(64, 1);
    const below = rt.__new(64, 1);
    const words = u32();
    words[(record - 8) >>> 2] = kept;
    words[(record - 16) >>> 2] = below;
    words[(record + R.sp) >>> 2] = record - 8;
    words[(record + R.base) >>> 2] = block;
    words[(record + R.top) >>> 2] = record;
    rt.__shared_stack_link(record);
    const withBoth = live();
    rt.__collect();
    rt.__collect();
    // `below` was freed; `kept` survives any number of collections.
    const withKept = live();
    expect(withKept).toBeLessThan(withBoth);
    expect(withKept).toBeGreaterThan(empty);
    // Running on that stack: scanned from the current stack pointer, which reaches a new frame.
    const again = rt.__new(64, 1);
    u32()[(record - 16) >>> 2] = again;
    const sp = rt[RUNTIME_GLOBAL_NAMES.stackPointer] as WebAssembly.Global;
    const mainSp = sp.value;
    sp.value = record - 16;
    rt.__collect();
    sp.value = mainSp;
    expect(live()).toBe(withBoth);
    rt.__shared_stack_unlink(record);
    rt.__collect();
    expect(live()).toBe(empty);
    rt.__free(block);
  });
});
