import { fileURLToPath } from "node:url";
import { cp, readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// The linker builds the projects. It depends on this package, so it is not a dependency
// here; turbo.json builds it before these tests run.
import { tempProject, type TempProject } from "@shared-rt/linker/testing";
import type { BuildFaults } from "@shared-rt/linker";
import { LoadError, SharedHost, type Manifest } from "@shared-rt/runner";
import { COLLECTORS, type Collector } from "@shared-rt/abi";

const stressDir = fileURLToPath(new URL("./stress/", import.meta.url));

/** Rounds of the stress loop; each round allocates a few thousand objects. */
const ROUNDS = 40;
const KEEP = 60;

async function stressProject(collector: Collector, optimizeLevel: number, faults?: BuildFaults): Promise<{ project: TempProject; host: SharedHost }> {
  const project = await tempProject(
    {},
    {
      plugins: { alpha: { entry: "alpha.ts" }, beta: { entry: "beta.ts" }, gamma: { entry: "gamma.ts" } },
      collector,
      optimizeLevel,
    },
  );
  for (const name of ["alpha.ts", "beta.ts", "gamma.ts"]) await cp(path.join(stressDir, name), path.join(project.dir, name));
  await project.build({ faults });
  return { project, host: await project.load() };
}

/**
 * Runs the stress workload and returns the number of wrong values it saw. Objects are kept
 * (a) only in their own plugin's globals, (b) only in frames of a cross-plugin call chain
 * alpha -> beta -> alpha, (c) only through another plugin's objects and globals.
 */
function stress(host: SharedHost, collector: Collector): { errors: number; collections: number } {
  // The incremental collector may run in the middle of calls: force it from inside wasm
  // every few allocations, and let allocation trigger steps. The minimal one runs only when
  // the host asks with no wasm frame live.
  const collectEvery = collector === "incremental" ? 25 : 0;
  let errors = 0;
  let collections = 0;
  host.call("gamma", "keepLeaves", KEEP);
  host.call("beta", "keepMap", KEEP);
  host.call("alpha", "keep", KEEP);
  for (let round = 0; round < ROUNDS; ++round) {
    errors += host.call("alpha", "stackTest", 300, collectEvery) as number;
    if (collectEvery) collections += Math.ceil(300 / collectEvery) * 2 + Math.ceil(200 / collectEvery);
    for (let i = 0; i < 30; ++i) {
      host.call("gamma", "churn", 40, 0);
      host.collect();
      ++collections;
    }
    errors += host.call("gamma", "checkLeaves", KEEP) as number;
    errors += host.call("beta", "checkMap", KEEP) as number;
    errors += host.call("alpha", "check", KEEP) as number;
  }
  return { errors, collections };
}

/** Runs the workload, turning a crash (a trap inside the collector) into a failure count. */
function stressOutcome(host: SharedHost, collector: Collector): { errors: number; crash?: string } {
  try {
    return { errors: stress(host, collector).errors };
  } catch (error) {
    return { errors: -1, crash: (error as Error).message };
  }
}

for (const collector of COLLECTORS) {
  for (const optimizeLevel of [0, 3]) {
    describe(`shared GC under stress: ${collector}, -O${optimizeLevel}`, () => {
      let project: TempProject;
      let host: SharedHost;
      beforeAll(async () => {
        ({ project, host } = await stressProject(collector, optimizeLevel));
      });
      afterAll(() => project.remove());

      it("keeps every value of three plugins intact through thousands of collections", () => {
        const { errors, collections } = stress(host, collector);
        expect(errors).toBe(0);
        expect(collections).toBeGreaterThan(1000);
      });

      it("returns the live heap to its baseline once every plugin drops what it kept", () => {
        // Baseline: after loading plus one warm-up round that builds and then drops the
        // kept structures, so that lazily created statics (string caches, etc.) exist.
        for (const p of ["alpha", "beta", "gamma"]) host.call(p, "dropAll");
        host.collect();
        host.collect();
        const baseline = host.heapLive;
        stress(host, collector);
        for (const p of ["alpha", "beta", "gamma"]) host.call(p, "dropAll");
        host.collect();
        host.collect();
        // Bound: the empty containers dropAll leaves behind differ from the baseline's by at
        // most a few small objects.
        expect(Math.abs(host.heapLive - baseline)).toBeLessThanOrEqual(256);
      });
    });
  }
}

// The suite must fail when any part of the fix is missing.
describe("the stress suite catches a broken shared collector", () => {
  const cases: [string, BuildFaults][] = [
    ["plugin globals are not visited", { skipPluginGlobals: true }],
    ["plugin stack frames are not scanned", { ownStacks: true }],
  ];
  for (const [what, faults] of cases) {
    it(`fails when ${what}`, async () => {
      const { project, host } = await stressProject("incremental", 0, faults);
      try {
        const outcome = stressOutcome(host, "incremental");
        expect(outcome.errors !== 0, `expected failures, got ${JSON.stringify(outcome)}`).toBe(true);
      } finally {
        await project.remove();
      }
    });
  }
});

// Colliding class ids no longer get as far as the collector: the host refuses the manifest
// before any plugin runs (and the runtime's registry would refuse the second range too, were it
// not built with the fault that allows it).
it("refuses plugins whose class ids collide before any of their code runs", async () => {
  const project = await tempProject(
    {},
    { plugins: { alpha: { entry: "alpha.ts" }, beta: { entry: "beta.ts" }, gamma: { entry: "gamma.ts" } }, collector: "incremental", optimizeLevel: 0 },
  );
  try {
    for (const name of ["alpha.ts", "beta.ts", "gamma.ts"]) await cp(path.join(stressDir, name), path.join(project.dir, name));
    await project.build({ faults: { collideClassIds: true } });
    const error = (await project.load().then(
      () => undefined,
      (e: unknown) => e,
    )) as LoadError;
    expect(error).toBeInstanceOf(LoadError);
    expect(error.code).toBe("OVERLAPPING_RANGES");
    expect(error.message).toMatch(
      /^in the manifest '.*manifest\.json', class-id ranges overlap: plugin '\w+' has 2048\.\.\d+, plugin '\w+' has 2048\.\.\d+; rebuild the project with shared-rt build$/,
    );
  } finally {
    await project.remove();
  }
});

// Every plugin relocatable; alpha is loaded into the running host only after gamma and beta
// have allocated heavily, then unloaded and loaded again many times.
for (const collector of COLLECTORS) {
  describe(`shared GC under stress, relocatable plugins: ${collector}`, () => {
    let project: TempProject;
    beforeAll(async () => {
      project = await tempProject(
        {},
        {
          plugins: {
            alpha: { entry: "alpha.ts", relocatable: true },
            beta: { entry: "beta.ts", relocatable: true },
            gamma: { entry: "gamma.ts", relocatable: true },
          },
          collector,
          optimizeLevel: 3,
        },
      );
      for (const name of ["alpha.ts", "beta.ts", "gamma.ts"]) await cp(path.join(stressDir, name), path.join(project.dir, name));
      await project.build();
    });
    afterAll(() => project.remove());

    it("keeps every value intact with a plugin loaded late, and leaks nothing over 1000 reloads", async () => {
      const dir = path.join(project.dir, "build");
      const manifest = JSON.parse(await readFile(path.join(dir, "manifest.json"), "utf8")) as Manifest;
      const alphaBytes = new Uint8Array(await readFile(path.join(dir, "alpha.wasm")));
      manifest.plugins = manifest.plugins.filter((p) => p.name !== "alpha");
      const host = await SharedHost.load(manifest, { readFile: async (file) => new Uint8Array(await readFile(path.join(dir, file))) });
      const collectEvery = collector === "incremental" ? 25 : 0;
      for (let i = 0; i < 40; ++i) {
        host.call("gamma", "churn", 200, collectEvery);
        if (i % 4 === 0) host.collect();
      }
      await host.load("alpha", alphaBytes);
      expect(stress(host, collector).errors).toBe(0);
      for (const p of ["alpha", "beta", "gamma"]) host.call(p, "dropAll");
      host.collect();
      host.collect();
      const baseline = host.heapLive;
      let settled = 0;
      for (let cycle = 0; cycle < 1000; ++cycle) {
        // After the first reload the heap is smaller than the baseline: the first instance's
        // statics held what its run had grown (e.g. the buffer of a static array literal).
        if (cycle === 2) {
          host.collect();
          host.collect();
          settled = host.heapLive;
        }
        host.unload("alpha");
        host.collect();
        await host.load("alpha", alphaBytes);
        host.call("alpha", "keep", 10);
        expect(host.call("alpha", "stackTest", 50, collectEvery)).toBe(0);
        expect(host.call("alpha", "check", 10)).toBe(0);
        host.call("alpha", "dropAll");
      }
      host.collect();
      host.collect();
      expect(host.heapLive).toBeLessThanOrEqual(baseline);
      expect(host.heapLive).toBe(settled);
    });
  });
}
