import { seededRandom } from "@shared-rt/fixtures/seeded-random";
import type { SharedHost } from "@shared-rt/runner";

interface ModelNode {
  value: string;
  next: ModelNode | null;
}

export const FUZZ_PLUGINS = ["a", "b", "c"];
const SLOTS = 16;
const READ_LIMIT = 24;

export interface FuzzResult {
  ops: number;
  counts: Record<string, number>;
  /** First disagreement between the plugins and the model, if any. */
  mismatch?: string;
}

function walk(node: ModelNode | null): string {
  const out: string[] = [];
  for (let i = 0; node && i < READ_LIMIT; ++i, node = node.next) out.push(node.value);
  return out.join(",");
}

/** The operation a draw in [0, total weight) falls on. */
function chooseOp<T extends [string, number, unknown]>(ops: T[], draw: number): T {
  for (const op of ops) {
    draw -= op[1];
    if (draw < 0) return op;
  }
  return ops[ops.length - 1];
}

/**
 * Random operations on nodes owned by three plugins — allocate, link, unlink, pass to another
 * plugin, drop, read, churn, collect — checked against a JS model of the object graph.
 */
export async function runFuzz(
  host: SharedHost,
  options: { ops: number; seed: number; collectInside: boolean; reload?: (plugin: string) => Promise<void> },
): Promise<FuzzResult> {
  const rnd = seededRandom(options.seed);
  const pick = <T>(items: T[]) => items[Math.floor(rnd() * items.length)];
  const slot = () => Math.floor(rnd() * SLOTS);
  const model = new Map(FUZZ_PLUGINS.map((p) => [p, new Array<ModelNode | null>(SLOTS).fill(null)]));
  const counts: Record<string, number> = {};
  let serial = 0;
  const check = (plugin: string, s: number): string | undefined => {
    const actual = host.call(plugin, "read", s, READ_LIMIT) as string;
    const expected = walk(model.get(plugin)![s]);
    if (actual !== expected) return `${plugin}[${s}] reads "${actual}", the model says "${expected}"`;
    return undefined;
  };
  let pendingReload: string | undefined;
  const ops: [string, number, () => string | undefined][] = [
    [
      "alloc",
      30,
      () => {
        const p = pick(FUZZ_PLUGINS),
          s = slot(),
          value = `v${serial++}`;
        host.call(p, "alloc", s, value);
        model.get(p)![s] = { value, next: null };
        return undefined;
      },
    ],
    [
      "pass",
      15,
      () => {
        const from = pick(FUZZ_PLUGINS),
          to = pick(FUZZ_PLUGINS),
          s = slot(),
          t = slot();
        host.call(to, "put", t, host.call(from, "get", s) as number);
        model.get(to)![t] = model.get(from)![s];
        return undefined;
      },
    ],
    [
      "link",
      15,
      () => {
        const p = pick(FUZZ_PLUGINS),
          q = pick(FUZZ_PLUGINS),
          s = slot(),
          t = slot();
        host.call(p, "link", s, host.call(q, "get", t) as number);
        const node = model.get(p)![s];
        if (node) node.next = model.get(q)![t];
        return undefined;
      },
    ],
    [
      "unlink",
      5,
      () => {
        const p = pick(FUZZ_PLUGINS),
          s = slot();
        host.call(p, "unlink", s);
        const node = model.get(p)![s];
        if (node) node.next = null;
        return undefined;
      },
    ],
    [
      "drop",
      10,
      () => {
        const p = pick(FUZZ_PLUGINS),
          s = slot();
        host.call(p, "drop", s);
        model.get(p)![s] = null;
        return undefined;
      },
    ],
    ["read", 15, () => check(pick(FUZZ_PLUGINS), slot())],
    [
      "churn",
      5,
      () => {
        host.call(pick(FUZZ_PLUGINS), "churn", 1 + Math.floor(rnd() * 64), options.collectInside);
        return undefined;
      },
    ],
    [
      "collect",
      5,
      () => {
        host.collect();
        return undefined;
      },
    ],
    // Unload a plugin and load it again: its roots go (its slots are empty again), while the
    // nodes it made that other plugins still reference must survive.
    [
      "reload",
      options.reload ? 1 : 0,
      () => {
        pendingReload = pick(FUZZ_PLUGINS);
        model.get(pendingReload)!.fill(null);
        return undefined;
      },
    ],
  ];
  const total = ops.reduce((sum, [, w]) => sum + w, 0);
  for (let i = 0; i < options.ops; ++i) {
    const [name, , run] = chooseOp(ops, rnd() * total);
    counts[name] = (counts[name] ?? 0) + 1;
    let mismatch: string | undefined;
    try {
      mismatch = run();
    } catch (error) {
      mismatch = `op ${i} (${name}) failed: ${(error as Error).message}`;
    }
    if (!mismatch && pendingReload) {
      try {
        await options.reload!(pendingReload);
      } catch (error) {
        mismatch = `op ${i} (reload ${pendingReload}) failed: ${(error as Error).message}`;
      }
      pendingReload = undefined;
    }
    if (mismatch) return { ops: i + 1, counts, mismatch: `after ${i + 1} ops (seed ${options.seed}): ${mismatch}` };
    if (i % 1000 === 999) {
      host.collect();
      for (const p of FUZZ_PLUGINS)
        for (let s = 0; s < SLOTS; ++s) {
          const m = check(p, s);
          if (m) return { ops: i + 1, counts, mismatch: `after ${i + 1} ops (seed ${options.seed}): ${m}` };
        }
    }
  }
  return { ops: options.ops, counts };
}

/** Drops every slot of every fuzz plugin. */
export function dropEverything(host: SharedHost): void {
  for (const p of FUZZ_PLUGINS) for (let s = 0; s < SLOTS; ++s) host.call(p, "drop", s);
}
