/** Helpers for tests of shared-rt projects: build a project from sources in a temporary directory. */
import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadManifestFile, type SharedHost } from "@shared-rt/runner/node";
import { buildProject, type BuildOptions, type BuildResult } from "./build-project.js";

export { withCustomSection, withLayoutSection } from "./strip-layout.js";

export interface TempProject {
  dir: string;
  file: string;
  build(options?: BuildOptions): Promise<BuildResult>;
  load(options?: Parameters<typeof loadManifestFile>[1]): Promise<SharedHost>;
  remove(): Promise<void>;
}

/** Writes a project (shared-rt.json plus sources) into a fresh temporary directory. */
export async function tempProject(files: Record<string, string>, project: Record<string, unknown>): Promise<TempProject> {
  const dir = await mkdtemp(path.join(tmpdir(), "shared-rt-test-"));
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), text);
  }
  const file = path.join(dir, "shared-rt.json");
  await writeFile(file, JSON.stringify(project, null, 2));
  return {
    dir,
    file,
    build: (options) => buildProject(file, options),
    load: (options) => loadManifestFile(path.join(dir, (project.outDir as string | undefined) ?? "build", "manifest.json"), options),
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
