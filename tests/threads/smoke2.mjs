import { cp } from "node:fs/promises";
import path from "node:path";
import { tempProject } from "@shared-rt/linker/testing";
import { loadThreaded } from "@shared-rt/runner/node";
const stressDir = new URL("../gc/stress/", import.meta.url).pathname;
const project = await tempProject({}, { plugins: { alpha: { entry: "alpha.ts" }, beta: { entry: "beta.ts" }, gamma: { entry: "gamma.ts" } }, collector: "incremental", optimizeLevel: 3, threads: 2 });
for (const name of ["alpha.ts", "beta.ts", "gamma.ts"]) await cp(path.join(stressDir, name), path.join(project.dir, name));
await project.build();
const host = await loadThreaded(path.join(project.dir, "build", "manifest.json"), { threads: +(process.env.T ?? 2) });
const W = host.threads;
for (let w = 0; w < W; ++w) { await host.callOn(w, "gamma", "keepLeaves", 60); }
for (let w = 0; w < W; ++w) console.log("check", w, await host.callOn(w, "gamma", "checkLeaves", 60));
await host.collect(0);
for (let w = 0; w < W; ++w) console.log("check after collect", w, await host.callOn(w, "gamma", "checkLeaves", 60));
await host.close();
await project.remove();
