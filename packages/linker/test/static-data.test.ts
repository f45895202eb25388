import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SharedHost } from "@shared-rt/runner";
import { tempProject, type TempProject } from "../src/testing.js";

// The seed's bug: two modules whose static data both started at the same address overwrote
// each other when instantiated on one memory ("Hello" became "wasm"). Each plugin now gets its
// own memory base, so both literals live at distinct addresses and read back intact.
const plugin = (literal: string) => `
export function text(): string { return "${literal}"; }
export function address(): usize { return changetype<usize>("${literal}"); }
`;

describe("static data of linked plugins", () => {
  let project: TempProject;
  let host: SharedHost;

  beforeAll(async () => {
    project = await tempProject(
      { "a.ts": plugin("Hello"), "b.ts": plugin("wasm") },
      { plugins: { a: { entry: "a.ts" }, b: { entry: "b.ts" } }, optimizeLevel: 0 },
    );
    await project.build();
    host = await project.load();
  });
  afterAll(() => project.remove());

  it("places each plugin's first literal at the start of its own static data", () => {
    const a = host.plugin("a").manifest;
    const b = host.plugin("b").manifest;
    const addressA = host.call("a", "address") as number;
    const addressB = host.call("b", "address") as number;
    expect(addressA).not.toBe(addressB);
    // The first object of a plugin's data: its header (20 bytes) right after the base.
    expect(addressA - a.memory.base).toBeLessThan(64);
    expect(addressB - b.memory.base).toBeLessThan(64);
    expect(b.memory.base).toBeGreaterThanOrEqual(a.memory.end);
  });

  it("reads both literals back intact after both plugins are instantiated", () => {
    expect(host.call("a", "text")).toBe("Hello");
    expect(host.call("b", "text")).toBe("wasm");
  });

  it("keeps every plugin's static data below the runtime, which sits below the heap", () => {
    const { runtime, plugins } = host.manifest;
    for (const p of plugins) expect(p.memory.end).toBeLessThanOrEqual(runtime.memory.base);
    expect(runtime.memory.end).toBeLessThanOrEqual(runtime.stackTop);
  });
});
