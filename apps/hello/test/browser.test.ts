import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromiumAvailable, launchChromium, type Chromium } from "@shared-rt/fixtures/chromium";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const appDir = path.resolve(fileURLToPath(import.meta.url), "../..");
const runnerPackage = createRequire(import.meta.url).resolve("@shared-rt/runner/package.json");
const runnerDist = path.join(path.dirname(runnerPackage), "dist");
// The runner's dependencies, resolved as the runner resolves them; the page's import map points
// `@shared-rt/abi` at /abi/index.js and `@noble/hashes/` at /noble-hashes/.
const abiDist = path.join(path.dirname(createRequire(runnerPackage).resolve("@shared-rt/abi/package.json")), "dist");
const nobleHashes = path.dirname(createRequire(runnerPackage).resolve("@noble/hashes/sha2.js"));

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".mjs": "text/javascript",
  ".json": "application/json",
  ".wasm": "application/wasm",
};

/** Serves the built app (its host module inside), the test page and the dists of the runner and its contracts on 127.0.0.1. */
function serve(): Promise<Server> {
  const roots: [string, string][] = [
    ["/runner/", runnerDist],
    ["/abi/", abiDist],
    ["/noble-hashes/", nobleHashes],
    ["/build/", path.join(appDir, "build")],
    ["/page/", path.join(appDir, "test", "browser")],
  ];
  const server = createServer(async (request, response) => {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    const root = roots.find(([prefix]) => url.pathname === prefix || (prefix.endsWith("/") && url.pathname.startsWith(prefix)));
    const file = root && path.join(root[1], url.pathname.slice(root[0].length));
    if (!root || !file!.startsWith(root[1])) {
      response.writeHead(404).end();
      return;
    }
    try {
      const body = await readFile(file!);
      response.writeHead(200, { "content-type": TYPES[path.extname(file!)] ?? "application/octet-stream" }).end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

const haveChromium = chromiumAvailable("apps/hello");

describe.skipIf(!haveChromium)("apps/hello in headless Chromium", () => {
  let server: Server;
  let browser: Chromium;

  beforeAll(async () => {
    if (!existsSync(path.join(appDir, "build", "manifest.json"))) throw new Error("apps/hello is not built: run `npm run build`");
    server = await serve();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  it("loads the project with the runner's browser build and both apps see the same bytes", async () => {
    const page = await browser.context.newPage();
    const lines: string[] = [];
    const errors: string[] = [];
    page.on("console", (message) => (message.type() === "log" ? lines : errors).push(message.text()));
    page.on("pageerror", (error) => errors.push(error.message));
    const { port } = server.address() as AddressInfo;
    await page.goto(`http://127.0.0.1:${port}/page/page.html`);
    const result = await page.evaluate(() => (window as unknown as { result: Promise<unknown> }).result);
    expect(errors).toEqual([]);
    expect(result).toEqual({
      plugins: ["app2", "app1"],
      concat: "xB",
      again: "zero BB",
      roundTrip: [1, 2, 254],
      units: 8,
      decoded: "h\u00e9llo \ud83d\ude00",
      pinned: 0,
    });

    const main = lines.slice(0, 4).map((line) => line.split(" "));
    expect(main.map(([name, , length, value]) => `${name} ${length} ${value}`)).toEqual(["app1 1 A", "app2 1 B", "app2 2 AB", "app1 2 AB"]);
    const [a, b, ab2, ab1] = main.map(([, address]) => Number(address));
    expect(a).not.toBe(b);
    expect(ab1).toBe(ab2);
    expect(ab2).toBeGreaterThan(Math.max(a, b));
  });
});
