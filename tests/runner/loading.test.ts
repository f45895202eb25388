import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RUNTIME_GLOBAL_NAMES } from "@shared-rt/abi";
import { tempProject, type TempProject } from "@shared-rt/linker/testing";
import { PluginCallError } from "@shared-rt/runner";
import { loadManifestFile } from "@shared-rt/runner/node";

const provider = `export function twice(s: string): string { return s + s; }`;
const consumer = `
@external("provider", "twice") declare function twice(s: string): string;
@external("host", "record") declare function record(s: string): void;
let log = "";
log = twice("ab");
export function started(): string { return log; }
export function echo(s: string): string { record(s); return twice(s); }
export function boom(): void { assert(false, "not like this"); }
export function bad(i: i32): i32 { const a = new Array<i32>(1); return a[i]; }
`;

// The ways a load fails are fixtures: load-errors/ and load-errors.test.ts.
describe("loading a built project", () => {
  let project: TempProject;
  let manifestPath: string;
  const recorded: string[] = [];
  const hostImports = { host: { record: (text: string) => recorded.push(text) } };

  beforeAll(async () => {
    project = await tempProject(
      { "provider.ts": provider, "consumer.ts": consumer, "host.mjs": "export default {};" },
      { plugins: { consumer: { entry: "consumer.ts" }, provider: { entry: "provider.ts" } }, host: "host.mjs", optimizeLevel: 0 },
    );
    const result = await project.build();
    manifestPath = result.manifestPath;
  });
  afterAll(() => project.remove());

  it("instantiates providers before the plugins that import them, and runs start after registration", async () => {
    const host = await loadManifestFile(manifestPath, { hostImports });
    expect(host.pluginNames).toEqual(["provider", "consumer"]);
    expect(host.call("consumer", "started")).toBe("abab");
    expect(host.call("consumer", "echo", "xy")).toBe("xyxy");
    expect(recorded).toEqual(["xy"]);
  });

  it("turns an abort into a typed error naming plugin, export, message and source place", async () => {
    const host = await loadManifestFile(manifestPath, { hostImports });
    const error = (() => {
      try {
        host.call("consumer", "boom");
      } catch (e) {
        return e as PluginCallError;
      }
    })();
    expect(error).toBeInstanceOf(PluginCallError);
    expect(error!.code).toBe("PLUGIN_ABORT");
    expect(error!.plugin).toBe("consumer");
    expect(error!.export).toBe("boom");
    expect(error!.message).toMatch(/^consumer\.boom failed: plugin 'consumer' aborted: not like this at consumer\.ts:8:\d+$/);
  });

  it("stays usable after a trap: the shadow stack pointer is restored", async () => {
    const host = await loadManifestFile(manifestPath, { hostImports });
    const sp = (host.runtime.exports[RUNTIME_GLOBAL_NAMES.stackPointer] as WebAssembly.Global).value as number;
    for (let i = 0; i < 100; ++i) expect(() => host.call("consumer", "bad", 5)).toThrow(/consumer\.bad failed: .*Index out of range/);
    expect((host.runtime.exports[RUNTIME_GLOBAL_NAMES.stackPointer] as WebAssembly.Global).value).toBe(sp);
    expect(host.call("consumer", "echo", "ok")).toBe("okok");
  });
});
