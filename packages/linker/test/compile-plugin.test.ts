import { LAYOUT_SECTION, encodeLayout, type PluginLayout } from "@shared-rt/abi";
import { describe, expect, it } from "vitest";
import { describeModule } from "../src/compile-plugin.js";
import { leb } from "../src/strip-layout.js";

const HEADER = [0, 97, 115, 109, 1, 0, 0, 0];

/** An empty wasm module with one custom section. */
function withCustomSection(name: string, payload: Uint8Array): Uint8Array {
  const nameBytes = new TextEncoder().encode(name);
  const body = [...leb(nameBytes.length), ...nameBytes, ...payload];
  return new Uint8Array([...HEADER, 0, ...leb(body.length), ...body]);
}

describe("describeModule", () => {
  it("refuses a module built without the transform", () => {
    expect(() => describeModule("plain", new Uint8Array(HEADER))).toThrow(
      expect.objectContaining({
        code: "NOT_A_PLUGIN",
        message: "plugin 'plain' was not built with the shared-init transform: its module has no shared-rt.layout section",
      }),
    );
  });

  it("reads the layout section, imports and exports", () => {
    const layout = { abi: 1, collector: "minimal", start: "_start", exports: {}, imports: {} } as unknown as PluginLayout;
    const described = describeModule("p", withCustomSection(LAYOUT_SECTION, encodeLayout(layout)));
    expect(described).toMatchObject({ name: "p", layout, imports: [], exports: [] });
  });
});
