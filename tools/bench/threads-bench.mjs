// Threads (issue 18): one project on 1 and 2 Node workers over one shared memory
// (@shared-rt/runner loadThreaded). Rows: a CPU-bound plugin task and an allocation-heavy one,
// the same total work on 2 workers vs 1; a stop-the-world collection while another worker
// allocates vs the same collection with one worker; and the threaded runtime's mutex on one
// worker vs today's runtime (no worker, no mutex). Exported for bench.mjs; `node threads-bench.mjs` prints them.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { loadManifestFile, loadThreaded } from "@shared-rt/runner/node";
import { sharedProject } from "./bench-support.mjs";
import { pair } from "./sample.mjs";

const PLUGIN = `
export function spin(n: i32): u32 {
  let h: u32 = 2166136261;
  for (let i = 0; i < n; ++i) {
    h = (h ^ <u32>i) * 16777619;
    h ^= h >> 13;
  }
  return h;
}
class Cell { constructor(public a: i32, public next: Cell | null) {} }
export function allocate(n: i32): i32 {
  let s = 0;
  let list: Cell | null = null;
  for (let i = 0; i < n; ++i) {
    list = new Cell(i, (i & 63) ? list : null);
    s += list.a;
  }
  return s;
}
let kept: Array<Cell> = new Array<Cell>();
export function keep(n: i32): void {
  kept = new Array<Cell>();
  for (let i = 0; i < n; ++i) kept.push(new Cell(i, null));
}
`;

async function projects() {
  const plain = await sharedProject({ "work.ts": PLUGIN }, { work: { entry: "work.ts" } });
  const threaded = await sharedProject({ "work.ts": PLUGIN }, { work: { entry: "work.ts" } }, { threads: 2 }, { load: false });
  const manifest = threaded.result.manifestPath;
  return {
    plain,
    manifest,
    close: async () => {
      await plain.tmp.remove();
      await threaded.tmp.remove();
    },
  };
}

/** The threaded project loaded as worker 0 of one, in this thread (Node lets the main thread wait on atomics). */
async function threadedInThisThread(manifestPath) {
  const manifest = JSON.parse(await readFile(manifestPath, "utf8"));
  const memory = new WebAssembly.Memory({ initial: manifest.memory.initial, maximum: 16384, shared: true });
  const host = await loadManifestFile(manifestPath, { thread: { memory, index: 0 } });
  return host.plugin("work").instance.exports;
}

/** `tasks` calls of `name(n)` spread over the host's workers (each worker's in turn). */
async function spread(host, tasks, name, n) {
  const per = Array.from({ length: host.threads }, () => []);
  for (let t = 0; t < tasks; ++t) per[t % host.threads].push(t);
  await Promise.all(
    per.map(async (mine, w) => {
      for (const _ of mine) await host.callOn(w, "work", name, n);
    }),
  );
}

/**
 * ms for the same work on 2 workers vs 1 (CPU-bound `spin`, allocation-heavy `allocate`),
 * stop-the-world latency (a collection on worker 0 while worker 1 allocates, vs with 1 worker),
 * and single-worker allocation on the threaded runtime vs today's runtime in the calling thread.
 */
export async function threadRows({ tasks = 16, spinN = 20_000_000, allocN = 200_000, collectLive = 100_000, runs = 15, warmup = 3 } = {}) {
  const p = await projects();
  const one = await loadThreaded(p.manifest, { threads: 1 });
  const two = await loadThreaded(p.manifest, { threads: 2 });
  try {
    const cpu = await pair(
      () => spread(two, tasks, "spin", spinN),
      () => spread(one, tasks, "spin", spinN),
      { runs, warmup },
    );
    const alloc = await pair(
      () => spread(two, tasks, "allocate", allocN),
      () => spread(one, tasks, "allocate", allocN),
      { runs, warmup },
    );
    // The same live set on each host's worker 0; on `two`, worker 1 allocates all along.
    await one.callOn(0, "work", "keep", collectLive);
    await two.callOn(0, "work", "keep", collectLive);
    let busy = true;
    const background = (async () => {
      while (busy) await two.callOn(1, "work", "allocate", 20_000);
    })();
    const stw = await pair(
      () => two.collect(0),
      () => one.collect(0),
      { runs, warmup },
    );
    busy = false;
    await background;
    // The threaded runtime loaded in this thread as its only worker: allocN allocations in one
    // call (each __new takes the mutex and polls) vs the same call on today's runtime.
    const inThread = await threadedInThisThread(p.manifest);
    const lock = await pair(
      () => inThread.allocate(allocN),
      () => p.plain.host.plugin("work").instance.exports.allocate(allocN),
      { runs, warmup },
    );
    return { tasks, spinN, allocN, collectLive, cpu, alloc, stw, lock };
  } finally {
    await one.close();
    await two.close();
    await p.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith(path.join("bench", "threads-bench.mjs"))) {
  const r = await threadRows();
  const f = (s) => `${s.median.toFixed(2)} [${s.min.toFixed(2)}–${s.max.toFixed(2)}]`;
  for (const k of ["cpu", "alloc", "stw", "lock"]) console.log(k, "a", f(r[k].a), "b", f(r[k].b), "ratio", f(r[k].ratio));
}
