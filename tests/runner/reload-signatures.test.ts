import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { tempProject, type TempProject } from "@shared-rt/linker/testing";
import type { SharedHost } from "@shared-rt/runner";

// A relocatable plugin unloaded and loaded again under the same name may export other
// signatures: the host converts by the ones of the plugin loaded now, not the first one's.
const first = "export function twice(x: i32): i32 { return x * 2; }\n";
const second = "export function twice(x: string): string { return x + x; }\n";

let host: SharedHost;
const projects: TempProject[] = [];

async function relocatable(source: string): Promise<Uint8Array> {
  const project = await tempProject({ "p.ts": source }, { plugins: { p: { entry: "p.ts", relocatable: true } }, optimizeLevel: 0 });
  projects.push(project);
  await project.build();
  return new Uint8Array(await readFile(path.join(project.dir, "build", "p.wasm")));
}

beforeAll(async () => {
  const base = await tempProject({ "base.ts": "export function one(): i32 { return 1; }\n" }, { plugins: { base: { entry: "base.ts" } }, optimizeLevel: 0 });
  projects.push(base);
  await base.build();
  host = await base.load();
});
afterAll(async () => {
  for (const project of projects) await project.remove();
});

it("converts by the signatures of the plugin loaded now", async () => {
  await host.load("p", await relocatable(first));
  expect(host.call("p", "twice", 21)).toBe(42);
  host.unload("p");
  await host.load("p", await relocatable(second));
  expect(host.call("p", "twice", "ab")).toBe("abab");
});
