/**
 * asc's own atomic builtins in plugins of a threaded project (compiled with asc's threads
 * feature): a lock-free tally bumped by three workers and a ring buffer between two of them,
 * whose waits (@shared-rt/threads' waitFor) are parked while another worker collects. A raw
 * atomic.wait, which would hang such a collection, is refused at build.
 */
import { cp, mkdir, readFile, symlink } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumAvailable, launchChromium } from "@shared-rt/fixtures/chromium";
import { tempProject, type TempProject } from "@shared-rt/linker/testing";
import { loadThreaded, type ThreadedHost } from "@shared-rt/runner/node";

const threadsPackage = path.dirname(createRequire(import.meta.url).resolve("@shared-rt/threads/package.json"));
const WORKERS = 3;

/** A threaded project of the given plugins (files of ./plugins), with @shared-rt/threads installed. */
async function threadedProject(plugins: Record<string, string>): Promise<TempProject> {
  const entries = Object.fromEntries(Object.entries(plugins).map(([name, file]) => [name, { entry: file }]));
  const project = await tempProject({}, { plugins: entries, collector: "incremental", optimizeLevel: 3, threads: WORKERS });
  for (const file of Object.values(plugins)) await cp(fileURLToPath(new URL(`./plugins/${file}`, import.meta.url)), path.join(project.dir, file));
  await mkdir(path.join(project.dir, "node_modules", "@shared-rt"), { recursive: true });
  await symlink(threadsPackage, path.join(project.dir, "node_modules", "@shared-rt", "threads"));
  return project;
}

describe("asc atomics in plugins of a threaded project", () => {
  let project: TempProject;
  let host: ThreadedHost;
  beforeAll(async () => {
    project = await threadedProject({ atomics: "atomics.ts" });
    await project.build();
    host = await loadThreaded(path.join(project.dir, "build", "manifest.json"), { threads: WORKERS });
  });
  afterAll(async () => {
    await host?.close();
    await project?.remove();
  });

  it("loses no update of a lock-free tally bumped by every worker at once (i32 and i64 add, sub, cmpxchg, xchg, load, store)", async () => {
    const n = 20000;
    const tally = await host.callOn(0, "atomics", "makeTally");
    const errors = await Promise.all(Array.from({ length: WORKERS }, (_, w) => host.callOn(w, "atomics", "bump", tally, n, w + 1)));
    expect(errors).toEqual(Array(WORKERS).fill(0));
    expect(await host.callOn(1, "atomics", "hits", tally)).toBe(WORKERS * n);
    expect(await host.callOn(2, "atomics", "spare", tally)).toBe(0);
    // Worker w adds (w+1)·2^32 + i + 1 for i < n.
    const expected = Array.from({ length: WORKERS }, (_, w) => BigInt(w + 1) * 2n ** 32n * BigInt(n) + BigInt((n * (n + 1)) / 2)).reduce((a, b) => a + b);
    expect(BigInt((await host.callOn(0, "atomics", "maximum", tally)) as bigint)).toBe(BigInt(WORKERS) * 2n ** 32n + BigInt(n));
    expect(BigInt((await host.callOn(1, "atomics", "takeTotal", tally)) as bigint)).toBe(expected);
    expect(BigInt((await host.callOn(2, "atomics", "takeTotal", tally)) as bigint)).toBe(0n);
    expect(await host.callOn(0, "atomics", "hits", tally)).toBe(0);
    await host.callOn(0, "atomics", "release", tally);
  });

  it("passes every item through a ring buffer between two workers in order, while a third collects and they wait parked", async () => {
    const n = 30000;
    const ring = await host.callOn(0, "atomics", "makeRing", 16);
    let running = true;
    const work = Promise.all([host.callOn(0, "atomics", "produce", ring, n), host.callOn(1, "atomics", "consume", ring, n)]).finally(() => {
      running = false;
    });
    let collections = 0;
    while (running) {
      await host.collect(2);
      ++collections;
    }
    const [, errors] = await work;
    expect(errors).toBe(0);
    expect(await host.callOn(2, "atomics", "ringHead", ring)).toBe(n);
    // Collections ran while the two waited on each other (each needs both of them parked or at a safepoint).
    expect(collections).toBeGreaterThan(1);
    await host.callOn(1, "atomics", "release", ring);
    await host.collect(0);
  });

  // Node's V8 ran it above; a browser's must accept atomics on the plugin's (unshared) memory import too.
  it.skipIf(!chromiumAvailable("tests/threads atomics"))("validates in Chromium as built (atomics on an unshared memory import)", async () => {
    const wasm = await readFile(path.join(project.dir, "build", "atomics.wasm"));
    const browser = await launchChromium();
    try {
      const page = await browser.context.newPage();
      const result = await page.evaluate((base64) => {
        const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
        const memory = WebAssembly.Module.imports(new WebAssembly.Module(bytes)).find((i) => i.kind === "memory");
        return { valid: WebAssembly.validate(bytes), memory: memory?.name };
      }, wasm.toString("base64"));
      expect(result).toEqual({ valid: true, memory: "memory" });
    } finally {
      await browser.close();
    }
  });
});

describe("a raw atomic.wait in a plugin", () => {
  it("is refused at build, naming the plugin and the function: a worker blocked there would hang every collection", async () => {
    const project = await threadedProject({ sleeper: "raw-wait.ts" });
    try {
      const build = project.build();
      await expect(build).rejects.toThrow(/plugin 'sleeper'[\s\S]*function 'raw-wait\/sleepOn' blocks in atomic\.wait[\s\S]*waitFor/);
      await expect(build).rejects.toMatchObject({ code: "COMPILE_FAILED" });
    } finally {
      await project.remove();
    }
  });
});
