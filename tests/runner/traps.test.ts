import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RUNTIME_GLOBAL_NAMES } from "@shared-rt/abi";
import { tempProject, type TempProject } from "@shared-rt/linker/testing";
import { PluginCallError, type SharedHost } from "@shared-rt/runner";
import { loadManifestFile } from "@shared-rt/runner/node";

const source = (name: string) => readFile(new URL(`./plugins/${name}`, import.meta.url), "utf8");

/** What each mode of `trapper.work` fails with. */
const MODES = [
  { code: "PLUGIN_TRAP", message: /^trapper\.work trapped: unreachable/ },
  { code: "PLUGIN_ABORT", message: /^trapper\.work failed: plugin 'trapper' aborted: asserted at trapper\.ts:15:\d+$/ },
  { code: "PLUGIN_ABORT", message: /^trapper\.work failed: plugin 'trapper' aborted: Index out of range at ~lib\/array\.ts:\d+:\d+$/ },
  { code: "HOST_ERROR", message: /^trapper\.work failed: a host function threw: Error: no thanks$/ },
  { code: "PLUGIN_TRAP", message: /^trapper\.work trapped: unreachable/ },
  // With a shadow stack (incremental), AssemblyScript's stack check aborts; without one
  // (minimal), the engine's own stack runs out.
  {
    code: /PLUGIN_TRAP|PLUGIN_ABORT/,
    message:
      /^trapper\.work (failed: plugin 'trapper' aborted: stack overflow: the shared shadow stack is exhausted|trapped: Maximum call stack size exceeded \(wasm stack overflow\))$/,
  },
] as const;

for (const collector of ["incremental", "minimal"] as const) {
  describe(`traps (${collector} collector)`, () => {
    let project: TempProject;
    let host: SharedHost;

    beforeAll(async () => {
      project = await tempProject(
        { "trapper.ts": await source("trapper.ts"), "helper.ts": await source("helper.ts"), "host.mjs": "export default {};" },
        { plugins: { trapper: { entry: "trapper.ts" }, helper: { entry: "helper.ts" } }, collector, host: "host.mjs", optimizeLevel: 1 },
      );
      host = await loadManifestFile((await project.build()).manifestPath, {
        hostImports: {
          host: {
            refuse: () => {
              throw new Error("no thanks");
            },
          },
        },
      });
    });
    afterAll(() => project.remove());

    const stackPointer = () => (host.runtime.exports[RUNTIME_GLOBAL_NAMES.stackPointer] as WebAssembly.Global).value as number;
    const attempt = (mode: number) => {
      try {
        host.call("trapper", "work", "item", [1, 2, 3, 4, 5, 6, 7, 8], mode);
      } catch (error) {
        return error as PluginCallError;
      }
      throw new Error(`mode ${mode} did not fail`);
    };

    it("names plugin and export for every kind of failure", () => {
      MODES.forEach(({ code, message }, mode) => {
        const error = attempt(mode);
        expect(error).toBeInstanceOf(PluginCallError);
        expect(error.plugin).toBe("trapper");
        expect(error.export).toBe("work");
        expect(error.code).toMatch(code);
        expect(error.message).toMatch(message);
      });
      expect(host.call("trapper", "work", "ok", [1], 99)).toBe(3);
    });

    it("recovers from 10^4 traps: the stack pointer restored, arguments unpinned, the heap not growing", () => {
      const sp = stackPointer();
      // Warm up, so that lazily allocated runtime state is part of the baseline.
      for (let i = 0; i < 60; ++i) attempt(i % 6);
      host.collect();
      const baseline = host.heapLive;
      let wrong = 0;
      for (let i = 0; i < 10_000; ++i) {
        // Stack overflows are slow (thousands of frames); one in a hundred.
        const mode = i % 100 === 99 ? 5 : i % 5;
        const error = attempt(mode);
        if (!(error instanceof PluginCallError) || error.plugin !== "trapper" || stackPointer() !== sp || host.pins.size !== 0) wrong++;
      }
      expect(wrong).toBe(0);
      host.collect();
      expect(host.heapLive).toBeLessThanOrEqual(baseline);
      expect(host.call("trapper", "work", "still", [1, 2], 99)).toBe(13);
    });
  });
}
