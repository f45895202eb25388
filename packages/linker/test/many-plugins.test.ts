import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadManifestFile } from "@shared-rt/runner/node";
// @ts-expect-error: a plain JS module of the repository's tools
import { generateProject, pluginName } from "../../../tools/bench/generate-project.mjs";
import { buildProject } from "../src/index.js";

describe("a generated project of 100 plugins", () => {
  it("links, loads in dependency order and runs a call that crosses every plugin", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "shared-rt-100-"));
    try {
      const file = await generateProject(dir, 100, { optimizeLevel: 0 });
      const { manifestPath, manifest } = await buildProject(file);
      expect(manifest.plugins.map((p) => p.name)).toEqual(Array.from({ length: 100 }, (_, i) => pluginName(i)));
      const host = await loadManifestFile(manifestPath);
      expect(host.call("p099", "chain")).toBe(Array.from({ length: 100 }, (_, i) => `${pluginName(i)};`).join(""));
      for (let i = 0; i < 100; i += 9) expect(host.call(pluginName(i), "value")).toBe(i);
      host.collect();
      for (let i = 0; i < 100; i += 9) expect(host.call(pluginName(i), "value")).toBe(i + 1);
      // Each plugin's Entry is private (a range each); its Array<Entry> a shared class of its own.
      const ids = manifest.plugins.flatMap((p) => Array.from({ length: p.classes.count }, (_, k) => p.classes.base + k));
      expect(ids.length).toBe(100);
      expect(new Set(ids).size).toBe(ids.length);
      expect(manifest.sharedClasses?.names.length).toBe(100);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
