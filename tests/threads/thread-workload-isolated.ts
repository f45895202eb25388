/**
 * A threaded project with an isolated plugin (plugins/isolated-*.ts): `words` and `app` share
 * the memory; `store` is isolated, so each worker has its own instance of it. Shared by
 * threads-isolated.test.ts and the Chromium case of threads-browser.test.ts.
 */
import { cp } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { tempProject, type TempProject } from "@shared-rt/linker/testing";

const pluginDir = fileURLToPath(new URL("./plugins/", import.meta.url));

/** Builds words, store (isolated, unless `markIsolated` is false) and app for up to `threads` workers. */
export async function isolatedThreadProject(threads: number, collector: "incremental" | "minimal" = "incremental", markIsolated = true): Promise<TempProject> {
  const project = await tempProject(
    {},
    {
      plugins: { words: { entry: "words.ts" }, store: { entry: "store.ts", isolated: markIsolated }, app: { entry: "app.ts" } },
      collector,
      optimizeLevel: 3,
      threads,
    },
  );
  for (const name of ["words", "store", "app"]) await cp(path.join(pluginDir, `isolated-${name}.ts`), path.join(project.dir, `${name}.ts`));
  await project.build();
  return project;
}
