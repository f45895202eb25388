// Futures across plugins (issue 17, "Measure"): polling a future another plugin made — a
// virtual call of `FutureBase#poll` that runs the owner's override — vs a direct call of a
// function that plugin exports, both from a loop in wasm. Exported for bench.mjs.
import { mkdir, symlink } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { buildProject } from "@shared-rt/linker";
import { loadManifestFile } from "@shared-rt/runner/node";
import { tempDir } from "./bench-support.mjs";
import { pair, topTierOnly } from "./sample.mjs";

const MAKER = `
import { Future, Waker } from "@shared-rt/futures";
/** Never ready: each poll counts and stays pending, as a computation in steps would. */
class Spin extends Future<i32> {
  polls: i32 = 0;
  poll(waker: Waker): bool {
    this.polls++;
    return false;
  }
}
export function spin(): Future<i32> { return new Spin(); }
export function tick(x: i32): i32 { return x + 1; }
`;
const POLLER = `
import { FutureBase, Waker } from "@shared-rt/futures";
@external("maker", "tick") declare function tick(x: i32): i32;
export function pollN(f: FutureBase, n: i32): i32 {
  const waker = new Waker();
  let pending = 0;
  for (let i = 0; i < n; ++i) if (!f.poll(waker)) pending++;
  return pending;
}
export function callN(n: i32): i32 {
  let t = 0;
  for (let i = 0; i < n; ++i) t = tick(t);
  return t;
}
`;

/** ns per poll of another plugin's future vs per direct call into that plugin. */
export async function futurePolls({ n = 1_000_000, runs = 15, warmup = 3 } = {}) {
  const tmp = await tempDir({
    "maker.ts": MAKER,
    "poller.ts": POLLER,
    "shared-rt.json": JSON.stringify({ plugins: { maker: { entry: "maker.ts" }, poller: { entry: "poller.ts" } }, optimizeLevel: 3 }),
  });
  // asc finds the futures library in node_modules above the project, as in a user's project.
  const futures = path.dirname(createRequire(import.meta.url).resolve("@shared-rt/futures/package.json"));
  await mkdir(path.join(tmp.dir, "node_modules", "@shared-rt"), { recursive: true });
  await symlink(futures, path.join(tmp.dir, "node_modules", "@shared-rt", "futures"), "dir");
  const { manifestPath } = await buildProject(path.join(tmp.dir, "shared-rt.json"));
  const host = await topTierOnly(() => loadManifestFile(manifestPath));
  const future = host.callOwned("maker", "spin");
  const poller = host.plugin("poller").instance.exports;
  if (poller.pollN(future.ptr, 3) !== 3 || poller.callN(3) !== 3) throw new Error("futures bench: wrong results");
  const result = await pair(
    () => poller.pollN(future.ptr, n),
    () => poller.callN(n),
    { runs, warmup },
  );
  future.dispose();
  await tmp.remove();
  return { n, ...result };
}
