/**
 * The threaded stress workload and its seeded fuzz, over the three plugins of plugins/: every
 * worker keeps objects in its own plugin globals, holds others only in its frames while every
 * worker allocates and forces collections, and reads objects another worker published by
 * address. Each call returns the number of wrong values it saw; the model says what is kept.
 */
import { cp } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { seededRandom } from "@shared-rt/fixtures/seeded-random";
import type { BuildFaults } from "@shared-rt/linker";
import { tempProject, type TempProject } from "@shared-rt/linker/testing";

const pluginDir = fileURLToPath(new URL("./plugins/", import.meta.url));
export const PLUGINS = ["leaves", "maps", "holders"] as const;

/** The calls the workload makes; a ThreadedHost has them. */
export interface Threaded {
  readonly threads: number;
  callOn(worker: number, plugin: string, name: string, ...args: unknown[]): Promise<unknown>;
  collect(worker?: number): Promise<void>;
}

/** Builds the three-plugin project for up to `threads` workers (at -O3 unless `optimizeLevel` says). */
export async function threadProject(threads: number, faults?: BuildFaults, optimizeLevel = 3): Promise<TempProject> {
  const project = await tempProject(
    {},
    {
      plugins: { leaves: { entry: "leaves.ts" }, maps: { entry: "maps.ts" }, holders: { entry: "holders.ts" } },
      collector: "incremental",
      optimizeLevel,
      threads,
    },
  );
  for (const name of PLUGINS) await cp(path.join(pluginDir, `${name}.ts`), path.join(project.dir, `${name}.ts`));
  await project.build({ faults });
  return project;
}

const num = (value: unknown) => value as number;

/** Rounds of the fixed workload on every worker at once; returns the wrong values seen. */
export async function stressRounds(host: Threaded, rounds: number): Promise<number> {
  const W = host.threads;
  for (let w = 0; w < W; ++w) for (const p of PLUGINS) await host.callOn(w, p, "keep", 40, w + 1);
  const perWorker = await Promise.all(
    Array.from({ length: W }, async (_, w) => {
      let errors = 0;
      for (let r = 0; r < rounds; ++r) {
        errors += num(await host.callOn(w, "holders", "stackTest", 300, 25, w * 1000 + r));
        errors += num(await host.callOn(w, "leaves", "churn", 300, 0));
        for (const p of PLUGINS) errors += num(await host.callOn(w, p, "check", 40, w + 1));
        const other = (w + 1) % W;
        const address = await host.callOn(w, "holders", "publish", 20, r);
        errors += num(await host.callOn(other, "holders", "readPublished", address, 20, r));
        await host.callOn(other, "holders", "unpublish", address);
        if (r % 4 === w % 4) await host.collect(w);
      }
      return errors;
    }),
  );
  return perWorker.reduce((a, b) => a + b, 0);
}

/**
 * Objects reachable only from another worker's frame: worker 0 holds a leaf in a local and
 * polls while worker 1 allocates and collects `rounds` times around it; wrong values after.
 */
export async function heldAcrossWorkers(host: Threaded, rounds: number): Promise<number> {
  let errors = 0;
  for (let r = 0; r < rounds; ++r) {
    const [held, churned] = await Promise.all([
      host.callOn(0, "leaves", "holdAcrossCollections", 50, r),
      host.callOn(1, "leaves", "collectAroundHeld", 400, 40),
    ]);
    errors += num(held) + num(churned);
  }
  return errors;
}

export interface ThreadFuzzResult {
  ops: number;
  errors: number;
  /** The first wrong answer: operation number, worker and call. */
  first?: string;
}

/**
 * `ops` seeded operations spread over the workers (each worker's in order, workers at once):
 * keep / check / drop of a plugin's global, stack tests, churn, collections, and objects
 * published on one worker and read and unpinned on another. Every answer is checked against
 * the model of what each worker's globals keep.
 */
export async function threadFuzz(host: Threaded, ops: number, seed: number): Promise<ThreadFuzzResult> {
  const W = host.threads;
  const result: ThreadFuzzResult = { ops, errors: 0 };
  const wrong = (op: number, w: number, what: string, errors: number) => {
    if (!errors) return;
    result.errors += errors;
    result.first ??= `op ${op} on worker ${w}: ${what} found ${errors} wrong value(s) (seed ${seed})`;
  };
  await Promise.all(
    Array.from({ length: W }, async (_, w) => {
      const random = seededRandom(seed * 64 + w);
      const kept = new Map<string, { n: number; seed: number }>();
      const pick = (n: number) => Math.floor(random() * n);
      for (let op = w; op < ops; op += W) {
        const plugin = PLUGINS[pick(3)];
        const draw = random();
        const s = pick(1000);
        if (draw < 0.25) {
          const n = pick(30);
          await host.callOn(w, plugin, "keep", n, s);
          kept.set(plugin, { n, seed: s });
        } else if (draw < 0.5) {
          const k = kept.get(plugin) ?? { n: 0, seed: 0 };
          wrong(op, w, `${plugin}.check(${k.n}, ${k.seed})`, num(await host.callOn(w, plugin, "check", k.n, k.seed)));
        } else if (draw < 0.58) {
          await host.callOn(w, plugin, "drop");
          kept.delete(plugin);
        } else if (draw < 0.72) {
          wrong(op, w, "holders.stackTest", num(await host.callOn(w, "holders", "stackTest", 20 + pick(80), 1 + pick(40), s)));
        } else if (draw < 0.84) {
          wrong(op, w, "leaves.churn", num(await host.callOn(w, "leaves", "churn", pick(200), pick(3) ? 0 : 1 + pick(50))));
        } else if (draw < 0.9) {
          await host.collect(w);
        } else {
          const n = pick(20);
          const reader = pick(W);
          const address = await host.callOn(w, "holders", "publish", n, s);
          wrong(op, reader, "holders.readPublished", num(await host.callOn(reader, "holders", "readPublished", address, n, s)));
          await host.callOn(pick(W), "holders", "unpublish", address);
        }
      }
    }),
  );
  return result;
}

/** Drops what every worker keeps and collects: the heap should be back to its baseline. */
export async function dropEverything(host: Threaded): Promise<void> {
  for (let w = 0; w < host.threads; ++w) for (const p of PLUGINS) await host.callOn(w, p, "drop");
  await host.collect(0);
  await host.collect(host.threads - 1);
}
