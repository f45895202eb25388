import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// The linker builds the projects these tests load. It is not a dependency of the runner (the
// linker depends on the runner for `shared-rt run`); turbo.json orders its build first.
import { tempProject, type TempProject } from "../../linker/src/testing.js";
import { LoadError, PluginCallError, SharedHost, type Manifest } from "../src/index.js";
import { loadManifestFile } from "../src/node.js";

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

describe("loading a built project", () => {
  let project: TempProject;
  let manifestPath: string;
  const recorded: string[] = [];
  const hostImports = (host: SharedHost) => ({ host: { record: (ptr: number) => recorded.push(host.readString(ptr)!) } });

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
    const sp = (host.runtime.exports.__stack_pointer as WebAssembly.Global).value as number;
    for (let i = 0; i < 100; ++i) expect(() => host.call("consumer", "bad", 5)).toThrow(/consumer\.bad failed: .*Index out of range/);
    expect((host.runtime.exports.__stack_pointer as WebAssembly.Global).value).toBe(sp);
    expect(host.call("consumer", "echo", "ok")).toBe("okok");
  });

  it("refuses a plugin file that is not the one the manifest was linked with", async () => {
    const manifest = JSON.parse(await readFile(manifestPath, "utf8")) as Manifest;
    const dir = path.dirname(manifestPath);
    const error = await SharedHost.load(manifest, {
      readFile: async (file) => {
        const bytes = new Uint8Array(await readFile(path.join(dir, file)));
        if (file === "provider.wasm") bytes[bytes.length - 1] ^= 1;
        return bytes;
      },
      hostImports,
    }).catch((e: unknown) => e as LoadError);
    expect(error).toBeInstanceOf(LoadError);
    expect(error).toMatchObject({ code: "HASH_MISMATCH", plugin: "provider" });
    expect((error as LoadError).message).toMatch(/plugin 'provider' in 'provider\.wasm' is not the file the manifest was linked with/);
  });

  it("refuses a plugin built without the transform", async () => {
    const manifest = JSON.parse(await readFile(manifestPath, "utf8")) as Manifest;
    // A module that imports what the manifest says but exports no visitors.
    const plain = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]);
    const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", plain));
    manifest.plugins[0].hash = "sha256-" + Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
    const dir = path.dirname(manifestPath);
    const error = await SharedHost.load(manifest, {
      readFile: async (file) => (file === manifest.plugins[0].file ? plain : new Uint8Array(await readFile(path.join(dir, file)))),
      hostImports,
    }).catch((e: unknown) => e as LoadError);
    expect(error).toMatchObject({ code: "NOT_A_PLUGIN", plugin: "provider" });
    expect((error as LoadError).message).toBe(
      "plugin 'provider' was not built with the shared-init transform: it does not export __shared_visit_globals and __shared_visit_members",
    );
  });

  it("refuses a plugin built for another ABI, naming it", async () => {
    const manifest = JSON.parse(await readFile(manifestPath, "utf8")) as Manifest;
    manifest.plugins[0].abi = 99;
    const dir = path.dirname(manifestPath);
    const error = await SharedHost.load(manifest, {
      readFile: async (file) => new Uint8Array(await readFile(path.join(dir, file))),
      hostImports,
    }).catch((e: unknown) => e as LoadError);
    expect(error).toMatchObject({ code: "REGISTER_REFUSED", plugin: "provider" });
    expect((error as LoadError).message).toBe("the runtime refused plugin 'provider': it was built for shared-rt ABI 99, the runtime speaks ABI 1");
  });

  it("names a missing host import", async () => {
    const error = await loadManifestFile(manifestPath, { hostImports: {} }).catch((e: unknown) => e as LoadError);
    expect(error).toMatchObject({ code: "IMPORT_UNRESOLVED", plugin: "consumer" });
    expect((error as LoadError).message).toBe("plugin 'consumer' imports 'host.record', which the project's host module does not provide");
  });

  it("names a missing manifest", async () => {
    const error = await loadManifestFile(path.join(project.dir, "nope", "manifest.json")).catch((e: unknown) => e as LoadError);
    expect(error).toMatchObject({ code: "MISSING_MANIFEST" });
    expect((error as LoadError).message).toMatch(/cannot read the manifest .*nope\/manifest\.json.*run 'shared-rt build' first/);
  });
});
