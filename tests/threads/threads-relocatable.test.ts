import { cp, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempProject, type TempProject } from "@shared-rt/linker/testing";
import { loadThreaded, ThreadedCallError, type ThreadedHost } from "@shared-rt/runner/node";
import { threadProject } from "./thread-workload.js";

const pluginDir = fileURLToPath(new URL("./plugins/", import.meta.url));

/** A threaded project of leaves (linked) and late (relocatable); its late.wasm is also loaded into another project at run time. */
async function lateProject(): Promise<TempProject> {
  const project = await tempProject(
    {},
    { plugins: { leaves: { entry: "leaves.ts" }, late: { entry: "late.ts", relocatable: true } }, optimizeLevel: 3, threads: 2 },
  );
  for (const name of ["leaves", "late"]) await cp(path.join(pluginDir, `${name}.ts`), path.join(project.dir, `${name}.ts`));
  await project.build();
  return project;
}

describe("threads: a relocatable plugin loaded at run time on every worker", () => {
  let project: TempProject;
  let withLate: TempProject;
  let host: ThreadedHost;
  let late: Uint8Array;
  beforeAll(async () => {
    [project, withLate] = await Promise.all([threadProject(2), lateProject()]);
    late = new Uint8Array(await readFile(path.join(withLate.dir, "build", "late.wasm")));
    host = await loadThreaded(path.join(project.dir, "build", "manifest.json"), { threads: 2 });
  });
  afterAll(async () => {
    await host?.close();
    await project?.remove();
    await withLate?.remove();
  });

  it("is placed once, called on every worker, exchanges objects with the linked plugins through collections, and unloads", async () => {
    // holders keeps an (empty) map and array per worker from here on: part of the baseline.
    for (let w = 0; w < 2; ++w) await host.callOn(w, "holders", "keep", 0, 0);
    await host.collect(0);
    const baseline = host.heapLive;
    // A call in flight when the load starts finishes before it; one made meanwhile runs after it.
    const inFlight = host.callOn(1, "leaves", "churn", 3000, 100);
    const loading = host.load("late", late);
    const after = host.callOn(1, "late", "primesSum");
    await loading;
    expect(await inFlight).toBe(0);
    expect(await after).toBe(41);
    for (let w = 0; w < 2; ++w) {
      expect(await host.callOn(w, "late", "label", 7)).toBe("late:7");
      expect(await host.callOn(w, "late", "primesSum")).toBe(41);
      await host.callOn(w, "late", "keep", 30, w + 1);
      await host.callOn(w, "holders", "keep", 20, w + 1);
    }
    for (let round = 0; round < 3; ++round) {
      const churns = [0, 1].map((w) => host.callOn(w, "late", "churn", 200, 25));
      const address = await host.callOn(round % 2, "late", "publish", 15, round);
      expect(await host.callOn((round + 1) % 2, "late", "readPublished", address, 15, round)).toBe(0);
      expect(await Promise.all(churns)).toEqual([600, 600]);
      await host.collect(round % 2);
      expect(await host.callOn((round + 1) % 2, "late", "readPublished", address, 15, round)).toBe(0);
      await host.callOn(round % 2, "late", "unpublish", address);
      for (let w = 0; w < 2; ++w) {
        expect(await host.callOn(w, "late", "check", 30, w + 1)).toBe(0);
        expect(await host.callOn(w, "holders", "check", 20, w + 1)).toBe(0);
      }
    }
    for (let w = 0; w < 2; ++w) await host.callOn(w, "holders", "keep", 0, 0);
    await host.unload("late");
    const gone = await host.callOn(1, "late", "primesSum").catch((error: unknown) => error);
    expect(gone).toBeInstanceOf(ThreadedCallError);
    await host.collect(1);
    expect(host.heapLive).toBe(baseline);
  });

  it("loads it again after the unload, at the same slots on every worker, and refuses a second plugin of the same name", async () => {
    await host.load("late", late);
    expect(await Promise.all([0, 1].map((w) => host.callOn(w, "late", "label", w)))).toEqual(["late:0", "late:1"]);
    const twice = await host.load("late", late).catch((error: unknown) => error);
    expect(twice).toMatchObject({ code: "ALREADY_LOADED", plugin: "late", worker: 0 });
    expect(await host.callOn(1, "late", "primesSum")).toBe(41);
    await host.unload("late");
  });

  it("loads a relocatable plugin the manifest lists: worker 0 places it, the other loads it there", async () => {
    const listed = await loadThreaded(path.join(withLate.dir, "build", "manifest.json"), { threads: 2 });
    try {
      for (let w = 0; w < 2; ++w) {
        expect(await listed.callOn(w, "late", "primesSum")).toBe(41);
        await listed.callOn(w, "late", "keep", 25, w + 5);
      }
      await listed.collect(0);
      await listed.collect(1);
      expect(await Promise.all([0, 1].map((w) => listed.callOn(w, "late", "check", 25, w + 5)))).toEqual([0, 0]);
    } finally {
      await listed.close();
    }
  });
});
