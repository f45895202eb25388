// Threads (issue 18): one project on 1 and 2 Node workers over one shared memory
// (@shared-rt/runner loadThreaded). Rows: a CPU-bound plugin task and an allocation-heavy one,
// the same total work on 2 workers vs 1; a stop-the-world collection while another worker
// allocates vs the same collection with one worker; and the threaded runtime's mutex on one
// worker vs today's runtime (no worker, no mutex). Exported for bench.mjs; `node threads-bench.mjs` prints them.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { loadManifestFile, loadThreaded } from "@shared-rt/runner/node";
import { sharedProject } from "./bench-support.mjs";
import { withRuntimeVariant } from "./runtime-variant.mjs";
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
    // The same calls on a runtime without block caches (threadsLockOnly: every __new under the
    // mutex), on 2 workers and on 1: what the caches change, measured in this run.
    const lockOnly = await withRuntimeVariant(p.manifest, { threadsLockOnly: true }, "build-lock-only");
    const [oneLock, twoLock] = await Promise.all([loadThreaded(lockOnly, { threads: 1 }), loadThreaded(lockOnly, { threads: 2 })]);
    const caches = {};
    try {
      caches.two = await pair(
        () => spread(two, tasks, "allocate", allocN),
        () => spread(twoLock, tasks, "allocate", allocN),
        { runs, warmup },
      );
      caches.one = await pair(
        () => spread(one, tasks, "allocate", allocN),
        () => spread(oneLock, tasks, "allocate", allocN),
        { runs, warmup },
      );
    } finally {
      await Promise.all([oneLock.close(), twoLock.close()]);
    }
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
    return { tasks, spinN, allocN, collectLive, cpu, alloc, caches, stw, lock };
  } finally {
    await one.close();
    await two.close();
    await p.close();
  }
}

// Why threads use the stop-the-world collector (ARCHITECTURE.md, threads): the least a write
// barrier needs to be safe while another worker marks is to run under the runtime's mutex, since
// itcms's __link relinks the collector's lists, which other workers change too. The runtime's
// measurement variant `threadsLockedBarrier` keeps that barrier (a locked entry point); the
// product's __link does nothing. Rows: a reference-store-heavy task with the locked barrier vs
// the nop one on 1 worker and on 2 at once, and the stop-the-world pause paid instead.
const LINKS = `
class Node { constructor(public v: i32, public next: Node | null) {} }
// Made once per worker (a plugin global is per worker): a call allocates nothing, so no collection
// (which waits for the other worker's call to end: a store loop has no safepoint) serializes them.
let ring: StaticArray<Node> | null = null;
/** \`stores\` (at least 1024) reference stores, each a __link, relinking this worker's 1024 nodes; a checksum. */
export function relink(stores: i32): i32 {
  if (!ring) {
    const made = new StaticArray<Node>(1024);
    for (let i = 0; i < 1024; ++i) made[i] = new Node(i, null);
    ring = made;
  }
  const nodes = ring!;
  for (let k = 0; k < stores; ++k) unchecked(nodes[k & 1023]).next = unchecked(nodes[(k * 7 + 1) & 1023]);
  let s = 0;
  for (let i = 0; i < 1024; ++i) s += nodes[i].next!.v;
  return s;
}
let kept: Array<Node> = new Array<Node>();
export function keep(n: i32): void {
  kept = new Array<Node>();
  for (let i = 0; i < n; ++i) kept.push(new Node(i, kept.length ? kept[kept.length - 1] : null));
}
`;

/** The threaded `links` project (2 workers) and a copy of its build with the `threadsLockedBarrier` runtime. */
async function barrierProjects() {
  const built = await sharedProject({ "links.ts": LINKS }, { links: { entry: "links.ts" } }, { threads: 2 }, { load: false });
  const nop = built.result.manifestPath;
  const locked = await withRuntimeVariant(nop, { threadsLockedBarrier: true }, "build-locked");
  return { nop, locked, remove: () => built.tmp.remove() };
}

/** `tasks` calls of links.relink(stores) over the host's workers; every checksum must agree. */
async function relinkAll(host, tasks, stores, expected) {
  const per = Array.from({ length: host.threads }, () => []);
  for (let t = 0; t < tasks; ++t) per[t % host.threads].push(t);
  await Promise.all(
    per.map(async (mine, w) => {
      for (const _ of mine) {
        const sum = await host.callOn(w, "links", "relink", stores);
        if (sum !== expected) throw new Error(`relink checksum ${sum} on worker ${w}, expected ${expected}`);
      }
    }),
  );
}

/**
 * ms of `tasks` relink calls (`stores` reference stores each) with the locked barrier vs the nop,
 * on 1 worker (`one`) and on 2 workers at once (`two`, the mutex's line moving on every store);
 * and the stop-the-world pause with `live[i]` objects kept on worker 0 while worker 1 allocates,
 * vs the same collection on 1 worker (`pauses`).
 */
export async function barrierRows({ tasks = 8, stores = 1_000_000, live = [10_000, 300_000], runs = 15, warmup = 3 } = {}) {
  const p = await barrierProjects();
  const [nop1, nop2, locked1, locked2] = await Promise.all([
    loadThreaded(p.nop, { threads: 1 }),
    loadThreaded(p.nop, { threads: 2 }),
    loadThreaded(p.locked, { threads: 1 }),
    loadThreaded(p.locked, { threads: 2 }),
  ]);
  try {
    const expected = await nop1.callOn(0, "links", "relink", stores);
    const one = await pair(
      () => relinkAll(locked1, tasks, stores, expected),
      () => relinkAll(nop1, tasks, stores, expected),
      { runs, warmup },
    );
    const two = await pair(
      () => relinkAll(locked2, tasks, stores, expected),
      () => relinkAll(nop2, tasks, stores, expected),
      { runs, warmup },
    );
    const pauses = [];
    for (const n of live) {
      await nop1.callOn(0, "links", "keep", n);
      await nop2.callOn(0, "links", "keep", n);
      let busy = true;
      const background = (async () => {
        while (busy) await nop2.callOn(1, "links", "relink", 20_000);
      })();
      pauses.push({
        live: n,
        ...(await pair(
          () => nop2.collect(0),
          () => nop1.collect(0),
          { runs, warmup },
        )),
      });
      busy = false;
      await background;
    }
    return { tasks, stores, one, two, pauses };
  } finally {
    await Promise.all([nop1, nop2, locked1, locked2].map((h) => h.close()));
    await p.remove();
  }
}

/**
 * barrierRows as rows of `npm run bench` (bench-rows.mjs workerRows passes its `pairRow`), sized
 * from the workers' settings `q`: full 8 calls of 1,000,000 stores, quick 2 of 100,000.
 */
export async function barrierWorkerRows(q, pairRow) {
  const r = await barrierRows({ tasks: q.threadTasks / 2, stores: q.threadAllocN * 5, runs: q.runs, warmup: q.warmup });
  const what = `${r.tasks} calls of ${r.stores} reference stores (few allocations)`;
  const locked = "write barrier: itcms's own __link under the runtime's mutex (threadsLockedBarrier)";
  return [
    pairRow("workers.barrier", "workers", `${what}, 1 worker, ${locked}`, "ms", r.one, "the threaded runtime's nop __link", 1),
    pairRow("workers.barrier2", "workers", `${what}, 2 workers at once, ${locked}`, "ms", r.two, "the threaded runtime's nop __link", 1),
    ...r.pauses.map((p) =>
      pairRow(
        `workers.pause.${p.live / 1000}k`,
        "workers",
        `stop-the-world collection of ${p.live} live objects while another worker stores references`,
        "ms",
        p,
        "the same collection on 1 worker",
        1,
        "the pause threads pay instead of a concurrent barrier; round trip from the main thread",
      ),
    ),
  ];
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith(path.join("bench", "threads-bench.mjs"))) {
  const f = (s) => `${s.median.toFixed(2)} [${s.min.toFixed(2)}–${s.max.toFixed(2)}]`;
  const print = (k, r) => console.log(k, "a", f(r.a), "b", f(r.b), "ratio", f(r.ratio));
  if (!process.argv.includes("--barrier")) {
    const r = await threadRows();
    for (const k of ["cpu", "alloc", "stw", "lock"]) print(k, r[k]);
    print("caches (2 workers, caches / lock only)", r.caches.two);
    print("caches1 (1 worker, caches / lock only)", r.caches.one);
    console.log(`lock only, 2 workers / 1 (medians): ${(r.caches.two.b.median / r.caches.one.b.median).toFixed(2)}`);
  }
  const b = await barrierRows();
  print("barrier (1 worker, locked / nop)", b.one);
  print("barrier2 (2 workers, locked / nop)", b.two);
  const stores = b.tasks * b.stores;
  const perStore = (r) => (((r.a.median - r.b.median) * 1e6) / stores).toFixed(1);
  console.log(`locked barrier: +${perStore(b.one)} ns a store on 1 worker, +${perStore(b.two)} ns on 2 (medians, ${stores} stores)`);
  const scale = (two, one) => (two.median / one.median).toFixed(2);
  console.log(`2 workers / 1 worker, same work (medians): nop ${scale(b.two.b, b.one.b)}, locked ${scale(b.two.a, b.one.a)}`);
  for (const p of b.pauses) print(`pause ${p.live} live (2 workers / 1)`, p);
}
