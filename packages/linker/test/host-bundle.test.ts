import { cp, mkdir, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadManifestFile } from "@shared-rt/runner/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundleHost } from "../src/bundle-host.js";
import type { Project } from "../src/project.js";
import { tempProject, type TempProject } from "../src/testing.js";

// A host module with a helper file of its own: the build bundles both into <outDir>/host.mjs,
// so the output directory alone is the project to deploy.
const HOST = `import { twice } from "./lib/twice.mjs";\n\nexport default () => ({ host: { twice } });\n`;
const twiceBy = (factor: number) => `// The helper the host module imports.\nexport const twice = (x) => x * ${factor};\n`;
const PLUGIN = `@external("host", "twice") declare function twice(x: i32): i32;\nexport function quad(x: i32): i32 { return twice(twice(x)); }\n`;

describe("the host module in the output", () => {
  let project: TempProject;
  const builtHost = () => readFile(path.join(project.dir, "build", "host.mjs"));

  beforeAll(async () => {
    project = await tempProject(
      { "quad.ts": PLUGIN, "host.mjs": HOST, "lib/twice.mjs": twiceBy(2) },
      { plugins: { quad: { entry: "quad.ts" } }, host: "host.mjs", optimizeLevel: 0 },
    );
  });
  afterAll(() => project.remove());

  it("is bundled into the outDir and the manifest names it there; the copied outDir loads alone", async () => {
    const { manifest } = await project.build();
    expect(manifest.host).toBe("host.mjs");
    const text = (await builtHost()).toString("utf8");
    expect(text).not.toMatch(/from\s+["']\.\//);
    // Deployed: the build directory copied elsewhere, away from the sources.
    const deployed = await mkdtemp(path.join(tmpdir(), "shared-rt-deployed-"));
    try {
      await cp(path.join(project.dir, "build"), deployed, { recursive: true });
      const host = await loadManifestFile(path.join(deployed, "manifest.json"));
      expect(host.call("quad", "quad", 3)).toBe(12);
    } finally {
      await rm(deployed, { recursive: true, force: true });
    }
  });

  it("refuses a manifest of an earlier version, which named the source outside the outDir, saying to rebuild", async () => {
    const manifest = JSON.parse(await readFile(path.join(project.dir, "build", "manifest.json"), "utf8"));
    const earlier = path.join(project.dir, "build", "earlier-manifest.json");
    await writeFile(earlier, JSON.stringify({ ...manifest, host: "../host.mjs" }));
    try {
      const error = await loadManifestFile(earlier).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: "BAD_MANIFEST" });
      expect((error as Error).message).toMatch(/earlier-manifest\.json.*host '\.\.\/host\.mjs'.*outside the build directory.*rebuild the project/);
    } finally {
      await rm(earlier);
    }
  });

  it("is byte-identical across builds, and rebuilt when a file it imports changes", async () => {
    const first = await builtHost();
    const { mtimeMs } = await stat(path.join(project.dir, "build", "host.mjs"));
    await project.build();
    expect(await builtHost()).toEqual(first);
    expect((await stat(path.join(project.dir, "build", "host.mjs"))).mtimeMs).toBe(mtimeMs);
    await writeFile(path.join(project.dir, "lib", "twice.mjs"), twiceBy(3));
    const { events } = await project.build();
    // The plugins and the runtime are reused: only the host module changed.
    expect(events.every((e) => e.cached)).toBe(true);
    expect((await builtHost()).toString("utf8")).toContain("x * 3");
    expect((await project.load()).call("quad", "quad", 3)).toBe(27);
  });

  it("is removed when the project no longer has one", async () => {
    await writeFile(project.file, JSON.stringify({ plugins: { quad: { entry: "quad.ts" } }, optimizeLevel: 0 }));
    await writeFile(path.join(project.dir, "quad.ts"), "export function quad(x: i32): i32 { return x * 4; }\n");
    const { manifest } = await project.build();
    expect(manifest.host).toBeUndefined();
    await expect(stat(path.join(project.dir, "build", "host.mjs"))).rejects.toThrow(/ENOENT/);
  });
});

describe("bundleHost", () => {
  const at = (dir: string): Project => ({ file: path.join(dir, "shared-rt.json"), dir, outDir: path.join(dir, "build") }) as Project;

  it("keeps bare imports (packages, node built-ins) as imports, and gives the same bytes in any directory", async () => {
    const dirs = await Promise.all([1, 2].map(() => mkdtemp(path.join(tmpdir(), "shared-rt-host-"))));
    try {
      const source = `import { SharedHost } from "@shared-rt/runner";\nimport { readFileSync } from "node:fs";\nimport { twice } from "./lib/twice.mjs";\nexport default { host: { twice, ok: () => Boolean(SharedHost && readFileSync) } };\n`;
      const bundles = await Promise.all(
        dirs.map(async (dir) => {
          await mkdir(path.join(dir, "lib"));
          await writeFile(path.join(dir, "host.mjs"), source);
          await writeFile(path.join(dir, "lib", "twice.mjs"), twiceBy(2));
          return bundleHost(at(dir), path.join(dir, "host.mjs"));
        }),
      );
      expect(Buffer.from(bundles[0])).toEqual(Buffer.from(bundles[1]));
      const text = Buffer.from(bundles[0]).toString("utf8");
      expect(text).toMatch(/from "@shared-rt\/runner"/);
      expect(text).toMatch(/from "node:fs"/);
      expect(text).toContain("x * 2");
      expect(text).not.toContain(dirs[0]);
    } finally {
      for (const dir of dirs) await rm(dir, { recursive: true, force: true });
    }
  });

  it("refuses a host module where the build writes the bundled one", async () => {
    await expect(bundleHost(at("/p"), "/p/build/host.mjs")).rejects.toMatchObject({
      code: "BAD_HOST_MODULE",
      message: expect.stringContaining("keep the source outside outDir"),
    });
  });
});
