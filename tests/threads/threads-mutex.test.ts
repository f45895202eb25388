import { mkdir, symlink, cp } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempProject, type TempProject } from "@shared-rt/linker/testing";
import { loadThreaded, type ThreadedHost } from "@shared-rt/runner/node";

const threadsPackage = path.dirname(createRequire(import.meta.url).resolve("@shared-rt/threads/package.json"));

describe("@shared-rt/threads: a mutex and a condition shared by workers", () => {
  let project: TempProject;
  let host: ThreadedHost;
  beforeAll(async () => {
    project = await tempProject({}, { plugins: { counter: { entry: "counter.ts" } }, collector: "incremental", optimizeLevel: 3, threads: 3 });
    await cp(fileURLToPath(new URL("./plugins/counter.ts", import.meta.url)), path.join(project.dir, "counter.ts"));
    // The plugin imports "@shared-rt/threads" from the project's node_modules, as an installed package.
    await mkdir(path.join(project.dir, "node_modules", "@shared-rt"), { recursive: true });
    await symlink(threadsPackage, path.join(project.dir, "node_modules", "@shared-rt", "threads"));
    await project.build();
    host = await loadThreaded(path.join(project.dir, "build", "manifest.json"), { threads: 3 });
  });
  afterAll(async () => {
    await host?.close();
    await project?.remove();
  });

  it("counts every increment of two workers allocating under the lock, while a third waits on the condition", async () => {
    const n = 3000;
    const address = await host.callOn(0, "counter", "makeShared");
    const [, , waited] = await Promise.all([
      host.callOn(0, "counter", "incrementMany", address, n, 0),
      host.callOn(1, "counter", "incrementMany", address, n, 1),
      host.callOn(2, "counter", "waitForCount", address, 2 * n),
    ]);
    expect(waited).toBe(2 * n);
    expect(await host.callOn(2, "counter", "logErrors", address, 2, n)).toBe(0);
    await host.callOn(1, "counter", "release", address);
    await host.collect(2);
  });
});
