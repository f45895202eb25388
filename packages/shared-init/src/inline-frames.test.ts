import { describe, expect, it } from "vitest";
import { inlineEnter, inlineLeave, keepsFrameInline, madeInline } from "./inline-frames.js";
import { parse, serialize, type Node } from "./wat-tree.js";

const func = (text: string) => parse(text).items[0] as Node;
const names = { sp: "$sp", limit: "$limit", abort: "$abort" };

describe("frames kept inline", () => {
  it("keeps the frame of a function forwarding through the table, without a loop", () => {
    expect(keepsFrameInline(func("(func $stub (param $0 i32) (result i32) (call_indirect (type $0) (local.get $0) (i32.const 3)))"))).toBe(true);
  });

  it("outlines the frame of a function with a loop, or one that calls nothing indirectly", () => {
    expect(keepsFrameInline(func("(func $f (loop $l (call_indirect (type $0) (i32.const 0) (i32.const 3)) (br $l)))"))).toBe(false);
    expect(keepsFrameInline(func("(func $g (param $0 i32) (call $h (local.get $0)))"))).toBe(false);
  });

  it("pushes, checks and zeroes the whole frame as ~enter does, and pops as ~leave does", () => {
    const enter = inlineEnter(names, 12);
    expect(enter.map(serialize)).toEqual([
      "(global.set $sp (i32.sub (global.get $sp) (i32.const 12)))",
      "(if (i32.lt_s (global.get $sp) (global.get $limit)) (then (call $abort (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0)) (unreachable)))",
      "(i64.store offset=0 (global.get $sp) (i64.const 0))",
      "(i32.store offset=8 (global.get $sp) (i32.const 0))",
    ]);
    expect(inlineLeave(names, 12).map(serialize)).toEqual(["(global.set $sp (i32.add (global.get $sp) (i32.const 12)))"]);
    expect(enter.every(madeInline)).toBe(true);
  });
});
