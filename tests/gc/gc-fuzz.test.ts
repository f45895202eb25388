import { cp, mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempProject, type TempProject } from "@shared-rt/linker/testing";
import { SharedHost, type Manifest } from "@shared-rt/runner";
import { COLLECTORS } from "@shared-rt/abi";
import { dropEverything, FUZZ_PLUGINS, runFuzz } from "./fuzz/run-fuzz.js";

// Differential fuzzing of the shared collector against a JS model of the object graph.
// The default run does a short round; `npm run fuzz` sets FUZZ_OPS (e.g. 1000000).
const OPS = Number(process.env.FUZZ_OPS ?? 20000);
const SEED = Number(process.env.FUZZ_SEED ?? 20261121);
const LEVELS = process.env.FUZZ_OPS ? [3] : [0, 3];

/**
 * Every plugin's entry re-exports one shared file: its Node is a shared class, one id in every
 * plugin, so nodes cross plugins with the id of the plugin that registered it first.
 */
async function writeFuzzSources(dir: string): Promise<void> {
  await mkdir(path.join(dir, "lib"), { recursive: true });
  await cp(fileURLToPath(new URL("./fuzz/node.ts", import.meta.url)), path.join(dir, "lib", "node.ts"));
  const exports = "alloc, get, put, link, unlink, drop, read, churn";
  for (const p of FUZZ_PLUGINS) await writeFile(path.join(dir, `${p}.ts`), `export { ${exports} } from "./lib/node";\n`);
}

for (const collector of COLLECTORS) {
  for (const optimizeLevel of LEVELS) {
    describe(`differential fuzzing: ${collector}, -O${optimizeLevel}`, () => {
      let project: TempProject;
      let host: SharedHost;
      beforeAll(async () => {
        project = await tempProject(
          {},
          {
            plugins: Object.fromEntries(FUZZ_PLUGINS.map((p) => [p, { entry: `${p}.ts` }])),
            collector,
            optimizeLevel,
          },
        );
        await writeFuzzSources(project.dir);
        await project.build();
        host = await project.load();
      });
      afterAll(() => project.remove());

      it(`agrees with the model for ${OPS} random operations, and leaks nothing`, async () => {
        host.collect();
        const baseline = host.heapLive;
        const started = performance.now();
        const result = await runFuzz(host, { ops: OPS, seed: SEED + optimizeLevel, collectInside: collector === "incremental" });
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

// The same with every plugin relocatable: loaded in a shuffled order, and unloaded and loaded
// again at random between operations (their nodes that other plugins reference survive).
for (const collector of COLLECTORS) {
  describe(`differential fuzzing of relocatable plugins with reloads: ${collector}`, () => {
    let project: TempProject;
    beforeAll(async () => {
      project = await tempProject(
        {},
        {
          plugins: Object.fromEntries(FUZZ_PLUGINS.map((p) => [p, { entry: `${p}.ts`, relocatable: true }])),
          collector,
          optimizeLevel: 3,
        },
      );
      await writeFuzzSources(project.dir);
      await project.build();
    });
    afterAll(() => project.remove());

    for (const seed of [1, 2, 3]) {
      it(`agrees with the model (load order shuffled by seed ${seed})`, async () => {
        const dir = path.join(project.dir, "build");
        const manifest = JSON.parse(await readFile(path.join(dir, "manifest.json"), "utf8")) as Manifest;
        // Independent plugins may load in any order.
        manifest.plugins = shuffle(manifest.plugins, seed);
        const bytes = new Map<string, Uint8Array>();
        const host = await SharedHost.load(manifest, {
          readFile: async (file) => {
            const b = new Uint8Array(await readFile(path.join(dir, file)));
            bytes.set(file, b);
            return b;
          },
        });
        expect(host.pluginNames).toEqual(manifest.plugins.map((p) => p.name));
        host.collect();
        const baseline = host.heapLive;
        const result = await runFuzz(host, {
          ops: Math.min(OPS, 20000),
          seed: SEED + seed,
          collectInside: collector === "incremental",
          reload: async (plugin) => {
            host.unload(plugin);
            await host.load(plugin, bytes.get(`${plugin}.wasm`)!);
          },
        });
        expect(result.mismatch).toBeUndefined();
        expect(result.counts.reload).toBeGreaterThan(50);
        dropEverything(host);
        host.collect();
        host.collect();
        expect(host.heapLive).toBeLessThanOrEqual(baseline);
      });
    }
  });
}

function shuffle<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let a = seed;
  for (let i = out.length - 1; i > 0; --i) {
    a = (Math.imul(a, 1103515245) + 12345) >>> 0;
    const j = a % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
