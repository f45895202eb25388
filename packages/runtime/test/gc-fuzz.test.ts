import { cp } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempProject, type TempProject } from "../../linker/src/testing.js";
import type { SharedHost } from "../../runner/src/index.js";
import { COLLECTORS } from "../src/abi.js";
import { dropEverything, FUZZ_PLUGINS, runFuzz } from "./fuzz/run-fuzz.js";

// Differential fuzzing of the shared collector against a JS model of the object graph.
// The default run does a short round; `npm run fuzz` sets FUZZ_OPS (e.g. 1000000).
const OPS = Number(process.env.FUZZ_OPS ?? 20000);
const SEED = Number(process.env.FUZZ_SEED ?? 20261121);
const LEVELS = process.env.FUZZ_OPS ? [3] : [0, 3];

for (const collector of COLLECTORS) {
  for (const optimizeLevel of LEVELS) {
    describe(`differential fuzzing: ${collector}, -O${optimizeLevel}`, () => {
      let project: TempProject;
      let host: SharedHost;
      beforeAll(async () => {
        project = await tempProject({}, {
          plugins: Object.fromEntries(FUZZ_PLUGINS.map((p) => [p, { entry: "node.ts" }])),
          collector,
          optimizeLevel,
        });
        await cp(fileURLToPath(new URL("./fuzz/node.ts", import.meta.url)), path.join(project.dir, "node.ts"));
        await project.build();
        host = await project.load();
      });
      afterAll(() => project.remove());

      it(`agrees with the model for ${OPS} random operations, and leaks nothing`, () => {
        host.collect();
        const baseline = host.heapLive;
        const started = performance.now();
        const result = runFuzz(host, { ops: OPS, seed: SEED + optimizeLevel, collectInside: collector === "incremental" });
        const ms = performance.now() - started;
        if (process.env.FUZZ_OPS) console.log(`${collector} -O${optimizeLevel}: ${result.ops} ops in ${(ms / 1000).toFixed(1)} s`, result.counts);
        expect(result.mismatch).toBeUndefined();
        dropEverything(host);
        host.collect();
        host.collect();
        expect(host.heapLive).toBe(baseline);
      });
    });
  }
}
