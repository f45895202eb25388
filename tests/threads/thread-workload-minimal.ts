/**
 * The threaded workload under the minimal collector: the plugins of plugins/ (and counter.ts,
 * for a call that waits on a Condition), with no collection inside a call (minimal plugins keep
 * references in wasm locals) and every collection asked of the host while every worker's queue
 * holds calls. Each call returns the number of wrong values it saw.
 */
import { cp, mkdir, symlink } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { BuildFaults } from "@shared-rt/linker";
import { tempProject, type TempProject } from "@shared-rt/linker/testing";
import { PLUGINS, type Threaded } from "./thread-workload.js";

const pluginDir = fileURLToPath(new URL("./plugins/", import.meta.url));
const threadsPackage = path.dirname(createRequire(import.meta.url).resolve("@shared-rt/threads/package.json"));

/** Builds leaves, maps, holders and counter with the minimal collector for up to `threads` workers. */
export async function minimalThreadProject(threads: number, faults?: BuildFaults): Promise<TempProject> {
  const names = [...PLUGINS, "counter"];
  const project = await tempProject(
    {},
    {
      plugins: Object.fromEntries(names.map((name) => [name, { entry: `${name}.ts` }])),
      collector: "minimal",
      optimizeLevel: 3,
      threads,
    },
  );
  for (const name of names) await cp(path.join(pluginDir, `${name}.ts`), path.join(project.dir, `${name}.ts`));
  // counter imports "@shared-rt/threads" from the project's node_modules, as an installed package.
  await mkdir(path.join(project.dir, "node_modules", "@shared-rt"), { recursive: true });
  await symlink(threadsPackage, path.join(project.dir, "node_modules", "@shared-rt", "threads"));
  await project.build({ faults });
  return project;
}

const num = (value: unknown) => value as number;
const sum = (values: unknown[]) => values.reduce((a: number, b) => a + num(b), 0);

/**
 * `rounds` rounds: every worker keeps objects in its plugins' globals (holders' reference maps'
 * and leaves' objects); each round queues a batch of calls on every worker, asks worker
 * `r % W` for a collection in the middle of the batch, and queues more behind it: objects
 * pinned on one worker are read on another after the collection, and every worker checks what
 * its globals keep after collections that ran on another worker. Returns the wrong values seen.
 */
export async function minimalRounds(host: Threaded, rounds: number): Promise<number> {
  const W = host.threads;
  for (let w = 0; w < W; ++w) for (const p of PLUGINS) await host.callOn(w, p, "keep", 40, w + 1);
  let errors = 0;
  for (let r = 0; r < rounds; ++r) {
    const published = await Promise.all(Array.from({ length: W }, (_, w) => host.callOn(w, "holders", "publish", 20, r)));
    const before: Promise<unknown>[] = [];
    for (let w = 0; w < W; ++w) {
      before.push(host.callOn(w, "holders", "stackTest", 150, 0, w * 1000 + r), host.callOn(w, "leaves", "churn", 200, 0));
    }
    // Every queue is busy: the collection waits for the calls in flight; the calls below wait for it.
    const collected = host.collect(r % W);
    const after: Promise<unknown>[] = [];
    for (let w = 0; w < W; ++w) {
      const other = (w + 1) % W;
      // Allocating first reuses whatever the collection freed, so that a wrongly freed object
      // reads back wrong below (with per-worker caches, freed blocks wait in TLSF for a refill).
      after.push(host.callOn(w, "leaves", "churn", 200, 0));
      after.push(host.callOn(other, "holders", "readPublished", published[w], 20, r));
      for (const p of PLUGINS) after.push(host.callOn(w, p, "check", 40, w + 1));
    }
    // One Promise.all over everything: a failure (the fault build crashes) leaves no rejection unheard.
    const [early, , late] = await Promise.all([Promise.all(before), collected, Promise.all(after)]);
    errors += sum(early) + sum(late);
    await Promise.all(published.map((address, w) => host.callOn((w + 2) % W, "holders", "unpublish", address)));
  }
  return errors;
}
