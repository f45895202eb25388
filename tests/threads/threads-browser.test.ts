// The threaded host in real Chromium: Web Workers over one shared memory, on a page the test's
// own server makes cross-origin isolated (COOP same-origin, COEP require-corp) on 127.0.0.1.
// The runner's modules are served as built; the server maps their two bare imports
// (@shared-rt/abi, @noble/hashes) to paths, since a module worker has no import map.
import { readFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumAvailable, launchChromium, type Chromium } from "@shared-rt/fixtures/chromium";
import type { TempProject } from "@shared-rt/linker/testing";
import { threadProject } from "./thread-workload.js";
import { minimalThreadProject } from "./thread-workload-minimal.js";
import { isolatedThreadProject } from "./thread-workload-isolated.js";

const haveChromium = chromiumAvailable("tests/threads");
const dist = (pkg: string) => path.dirname(fileURLToPath(import.meta.resolve(pkg)));
const TYPES: Record<string, string> = {
  ".js": "text/javascript",
  ".mjs": "text/javascript",
  ".wasm": "application/wasm",
  ".json": "application/json",
  ".html": "text/html",
};

/** Serves `/project/` and `/minimal/` (the builds), `/runner/`, `/abi/` and `/noble/` with the isolation headers. */
function serve(buildDir: string, minimalBuildDir: string): Promise<Server> {
  const roots: Record<string, string> = {
    project: buildDir,
    minimal: minimalBuildDir,
    runner: dist("@shared-rt/runner"),
    abi: dist("@shared-rt/abi"),
    noble: path.dirname(fileURLToPath(import.meta.resolve("@noble/hashes/sha2.js"))),
  };
  const server = createServer(async (request, response) => {
    const headers = { "Cross-Origin-Opener-Policy": "same-origin", "Cross-Origin-Embedder-Policy": "require-corp" };
    const [, root, ...rest] = new URL(request.url ?? "/", "http://x").pathname.split("/");
    if (!root) {
      response.writeHead(200, { ...headers, "Content-Type": "text/html" }).end("<!doctype html><title>threads</title>");
      return;
    }
    const base = roots[root];
    const file = base ? path.join(base, ...rest) : undefined;
    if (!base || !file?.startsWith(base)) return void response.writeHead(404).end();
    try {
      let body: Buffer | string = await readFile(file);
      const ext = path.extname(file);
      if (ext === ".js")
        body = body.toString("utf8").replaceAll('from "@shared-rt/abi"', 'from "/abi/index.js"').replaceAll('from "@noble/hashes/', 'from "/noble/');
      response.writeHead(200, { ...headers, "Content-Type": TYPES[ext] ?? "application/octet-stream" }).end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

// Runs in the page: two workers keep objects in their globals, hold others in their frames
// while both collect, read each other's pinned objects by address; then everything is dropped.
const WORKLOAD = `(async () => {
  const { loadThreadedInBrowser } = await import("/runner/index.js");
  const host = await loadThreadedInBrowser("/project/manifest.json", { threads: 2, workerUrl: "/runner/thread-worker-browser.js" });
  const baseline = host.heapLive;
  let errors = 0;
  const plugins = ["leaves", "maps", "holders"];
  for (const w of [0, 1]) for (const p of plugins) await host.callOn(w, p, "keep", 30, w + 1);
  await Promise.all([0, 1].map(async (w) => {
    for (let r = 0; r < 6; ++r) {
      errors += await host.callOn(w, "holders", "stackTest", 200, 20, w * 100 + r);
      for (const p of plugins) errors += await host.callOn(w, p, "check", 30, w + 1);
      const address = await host.callOn(w, "holders", "publish", 10, r);
      errors += await host.callOn(1 - w, "holders", "readPublished", address, 10, r);
      await host.callOn(1 - w, "holders", "unpublish", address);
    }
  }));
  const held = await Promise.all([host.callOn(0, "leaves", "holdAcrossCollections", 40, 9), host.callOn(1, "leaves", "collectAroundHeld", 300, 30)]);
  errors += held[0] + held[1];
  const failure = await host.callOn(1, "leaves", "makeLeaf", "x", -1, 0).then(() => "none", (e) => e.name + " " + e.code);
  for (const w of [0, 1]) for (const p of plugins) await host.callOn(w, p, "drop");
  await host.collect(0);
  const after = host.heapLive;
  await host.close();
  return { isolated: crossOriginIsolated, errors, baseline, after, failure };
})()`;

// The same under the minimal collector: no collection inside a call; each asked of the host while
// both workers' queues hold calls, with objects pinned on one worker read on the other after it.
const MINIMAL_WORKLOAD = `(async () => {
  const { loadThreadedInBrowser } = await import("/runner/index.js");
  const host = await loadThreadedInBrowser("/minimal/manifest.json", { threads: 2, workerUrl: "/runner/thread-worker-browser.js" });
  const baseline = host.heapLive;
  const sum = async (calls) => (await Promise.all(calls)).reduce((a, b) => a + b, 0);
  let errors = 0;
  const plugins = ["leaves", "maps", "holders"];
  for (const w of [0, 1]) for (const p of plugins) await host.callOn(w, p, "keep", 30, w + 1);
  for (let r = 0; r < 6; ++r) {
    const published = await Promise.all([0, 1].map((w) => host.callOn(w, "holders", "publish", 10, r)));
    const before = [0, 1].flatMap((w) => [host.callOn(w, "holders", "stackTest", 150, 0, w * 100 + r), host.callOn(w, "leaves", "churn", 200, 0)]);
    const collected = host.collect(r % 2);
    const after = [0, 1].flatMap((w) => [host.callOn(1 - w, "holders", "readPublished", published[w], 10, r), ...plugins.map((p) => host.callOn(w, p, "check", 30, w + 1))]);
    errors += await sum(before);
    await collected;
    errors += await sum(after);
    await Promise.all([0, 1].map((w) => host.callOn(1 - w, "holders", "unpublish", published[w])));
  }
  for (const w of [0, 1]) for (const p of plugins) await host.callOn(w, p, "drop");
  await host.collect(0);
  const after = host.heapLive;
  await host.close();
  return { isolated: crossOriginIsolated, errors, back: after === baseline };
})()`;

describe.skipIf(!haveChromium)("threads in headless Chromium: Web Workers over one shared memory", () => {
  let project: TempProject;
  let minimal: TempProject;
  let server: Server;
  let browser: Chromium;
  beforeAll(async () => {
    project = await threadProject(2);
    minimal = await minimalThreadProject(2);
    server = await serve(path.join(project.dir, "build"), path.join(minimal.dir, "build"));
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
    await project?.remove();
    await minimal?.remove();
  });

  it("keeps every value across two workers' collections, reports failures typed, and returns the heap to its baseline", async () => {
    const page = await browser.context.newPage();
    const pageErrors: string[] = [];
    page.on("pageerror", (error) => pageErrors.push(error.message));
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    const result = await page.evaluate(WORKLOAD);
    expect(pageErrors).toEqual([]);
    expect(result).toEqual({ isolated: true, errors: 0, baseline: 0, after: 0, failure: "PluginCallError PLUGIN_ABORT" });
  });

  it("keeps every value with the minimal collector, collecting only when both workers are between calls", async () => {
    const page = await browser.context.newPage();
    const pageErrors: string[] = [];
    page.on("pageerror", (error) => pageErrors.push(error.message));
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    const result = await page.evaluate(MINIMAL_WORKLOAD);
    expect(pageErrors).toEqual([]);
    expect(result).toEqual({ isolated: true, errors: 0, back: true });
  });
});

// An isolated plugin on Web Workers: each worker's own instance, over a private shared memory
// the worker makes; called from the page and from a shared plugin, with both heaps collected.
const ISOLATED_WORKLOAD = `(async () => {
  const { loadThreadedInBrowser } = await import("/runner/index.js");
  const host = await loadThreadedInBrowser("/project/manifest.json", { threads: 2, workerUrl: "/runner/thread-worker-browser.js" });
  await host.collect(0);
  const baseline = host.heapLive;
  const values = [];
  let errors = 0;
  for (const w of [0, 1]) {
    values.push(await host.callOn(w, "store", "shout", "hi" + w), await host.callOn(w, "store", "doubled", "ab"), await host.callOn(w, "app", "greet", "you"));
    await host.callOn(w, "store", "remember", "only-" + w);
    await host.callOn(w, "words", "keep", 20, w + 1);
  }
  const trips = await Promise.all([0, 1].map((w) => host.callOn(w, "app", "roundTrip", 30, w)));
  errors += trips[0] + trips[1];
  for (const w of [0, 1]) {
    errors += await host.callOn(w, "store", "churn", 200, 20);
    await host.collect(w);
    errors += await host.callOn(w, "words", "check", 20, w + 1);
    values.push(await host.callOn(w, "store", "recall"));
    await host.callOn(w, "words", "drop");
  }
  await host.collect(0);
  const back = host.heapLive === baseline;
  await host.close();
  return { isolated: crossOriginIsolated, errors, values, back };
})()`;

describe.skipIf(!haveChromium)("threads in headless Chromium: an isolated plugin, one instance per Web Worker", () => {
  let project: TempProject;
  let server: Server;
  let browser: Chromium;
  beforeAll(async () => {
    project = await isolatedThreadProject(2);
    const build = path.join(project.dir, "build");
    server = await serve(build, build);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
    await project?.remove();
  });

  it("gives each worker its own instance, copies values both ways and collects both heaps apart", async () => {
    const page = await browser.context.newPage();
    const pageErrors: string[] = [];
    page.on("pageerror", (error) => pageErrors.push(error.message));
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    const result = await page.evaluate(ISOLATED_WORKLOAD);
    expect(pageErrors).toEqual([]);
    expect(result).toEqual({
      isolated: true,
      errors: 0,
      values: ["HI0!", "abab|ABAB", "HELLO, YOU!", "HI1!", "abab|ABAB", "HELLO, YOU!", ["only-0"], ["only-1"]],
      back: true,
    });
  });
});
