import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempProject, type TempProject } from "@shared-rt/linker/testing";
import { SharedHost, type Manifest } from "@shared-rt/runner";
import { loadManifestFile } from "@shared-rt/runner/node";

const source = (name: string) => readFile(new URL(`./plugins/${name}`, import.meta.url), "utf8");

describe("isolated plugins: own memory, table and runtime, same API", () => {
  let project: TempProject;
  let manifestPath: string;
  let host: SharedHost;

  beforeAll(async () => {
    project = await tempProject(
      { "base.ts": await source("iso-base.ts"), "iso.ts": await source("iso.ts"), "app.ts": await source("iso-app.ts") },
      { plugins: { app: { entry: "app.ts" }, iso: { entry: "iso.ts", isolated: true }, base: { entry: "base.ts" } }, optimizeLevel: 1 },
    );
    const built = await project.build();
    manifestPath = built.manifestPath;
    expect(built.manifest.plugins.find((p) => p.name === "iso")!.isolated).toBe(true);
    host = await loadManifestFile(manifestPath);
  });
  afterAll(() => project.remove());

  it("gives the isolated plugin a memory of its own and calls it like any other", () => {
    expect(host.pluginNames).toEqual(["base", "iso", "app"]);
    const iso = host.hostOf("iso");
    expect(iso).not.toBe(host);
    expect(iso.memory).not.toBe(host.memory);
    expect(host.hostOf("app")).toBe(host);
    expect(host.call("iso", "shout", "hi")).toBe("HI!");
    expect(host.call("iso", "sum", [1, 2, 3])).toBe(6);
    expect(host.call("iso", "squares", 3)).toEqual([0, 1, 4]);
    expect(host.plugin("iso").manifest.name).toBe("iso");
  });

  it("copies values across the boundary, both ways, by the callee's signature", () => {
    // app (shared) -> iso (isolated)
    expect(host.call("app", "greet", "you")).toBe("HELLO, YOU!");
    expect(host.call("app", "total", 5)).toBe(10);
    expect(host.call("app", "lastSquare", 4)).toBe(9);
    expect(host.call("app", "positive", -3n)).toBe(false);
    // iso (isolated) -> base (shared)
    expect(host.call("iso", "doubled", "ab")).toBe("abab");
    // An owned handle from the isolated memory is copied into the shared one.
    const handle = host.callOwned<string>("iso", "shout", "copy")!;
    expect(host.call("app", "length", handle)).toBe(5);
    handle.dispose();
    expect(host.pins.size).toBe(0);
    expect(host.hostOf("iso").pins.size).toBe(0);
  });

  it("keeps the shared plugins' writes out of the isolated plugin's memory", () => {
    const address = host.call("iso", "secretAddress") as number;
    // The same address in the shared memory is where iso's data would be, were it shared.
    host.call("app", "scribble", address, 20);
    expect(host.call("iso", "readSecret")).toBe("kept apart");

    // Loaded shared, the same scribble destroys it.
    const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as Manifest;
    for (const p of manifest.plugins) delete p.isolated;
    return SharedHost.load(manifest, { readFile: async (file) => new Uint8Array(readFileSync(path.join(path.dirname(manifestPath), file))) }).then((shared) => {
      expect(shared.call("iso", "readSecret")).toBe("kept apart");
      shared.call("app", "scribble", shared.call("iso", "secretAddress"), 20);
      expect(shared.call("iso", "readSecret")).not.toBe("kept apart");
    });
  });

  it("has a collector of its own", () => {
    const iso = host.hostOf("iso");
    const sharedLive = host.heapLive;
    for (let i = 0; i < 50; ++i) host.call("iso", "squares", 1000);
    expect(iso.heapLive).toBeGreaterThan(0);
    iso.collect();
    expect(host.heapLive).toBe(sharedLive);
  });
});
