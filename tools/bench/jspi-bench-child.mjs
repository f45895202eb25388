// Run by jspi-bench.mjs under the registry's Node (JSPI): prints the measures as one JSON line.
//   node jspi-bench-child.mjs <manifest.json> <n> <runs> <warmup> <suspended>
import { loadManifestFile } from "@shared-rt/runner/node";
import { pair } from "./sample.mjs";

const [manifestPath, n, runs, warmup, suspended] = process.argv.slice(2).map((a, i) => (i === 0 ? a : Number(a)));
let pending = null;
const hostImports = { host: { wait: (key) => (pending ? new Promise((resolve) => pending.push(() => resolve(key))) : Promise.resolve(key)) } };
const host = await loadManifestFile(manifestPath, { hostImports });
if ((await host.callAsync("p", "waitOnce", 7)) !== 9 || host.call("p", "plain", 7) !== 9) throw new Error("jspi bench: wrong results");

// Per call: n calls that each suspend once (awaited one after another) vs n synchronous calls.
const call = await pair(
  async () => {
    for (let i = 0; i < n; ++i) await host.callAsync("p", "waitOnce", i);
  },
  () => {
    for (let i = 0; i < n; ++i) host.call("p", "plain", i);
  },
  { runs, warmup },
);

// Memory: `suspended` calls held at once; the wasm memory they take (segments, arguments) per call.
const held = [];
pending = held;
const before = host.memory.buffer.byteLength;
const live = [];
for (let i = 0; i < suspended; ++i) live.push(host.callAsync("p", "waitOnce", i));
const wasmBytes = (host.memory.buffer.byteLength - before) / suspended;
for (const resume of held.splice(0)) resume();
await Promise.all(live);

// The most at once: start calls until the memory's maximum refuses another segment.
let refused = "none";
const all = [];
for (;;) {
  try {
    all.push(host.callAsync("p", "waitOnce", all.length));
  } catch (error) {
    refused = error.code;
    break;
  }
}
const max = all.length;
for (const resume of held.splice(0)) resume();
const results = await Promise.all(all);
if (results.some((v, i) => v !== i + `k${i}`.length)) throw new Error("jspi bench: a call resumed wrong");
process.stdout.write(`${JSON.stringify({ engine: process.version, n, call, memory: { bytes: wasmBytes, stackSize: 16384 }, max: { calls: max, refused } })}\n`);
