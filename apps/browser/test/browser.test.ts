/**
 * The two pages in real Chromium, each served from its built directory alone (site/ for the fetch
 * page, dist/ for the Vite build) on 127.0.0.1 but opened as http://shared-rt.test: a host name
 * that is not localhost, so the page is NOT a secure context and has no crypto.subtle, as on any
 * plain-http deployment.
 */
import { existsSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromiumAvailable, launchChromium, type Chromium, type Page } from "@shared-rt/fixtures/chromium";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveDirectory } from "../serve.mjs";

const HOST_NAME = "shared-rt.test";
const appDir = path.resolve(fileURLToPath(import.meta.url), "../..");

const haveChromium = chromiumAvailable("apps/browser");

const EXPECTED = {
  secureContext: false,
  plugins: ["words", "greeter"],
  greeting: "hello, one shared heap (3 words, 9 stars)",
  words: ["a", "b", "c"],
  shown: "hello, a browser page (3 words, 9 stars)",
};

// Loads the fetch page's project again with its first plugin's hash changed: hashed without
// crypto.subtle it is refused, and loaded with skipHashCheck. A string, so that vitest leaves its
// dynamic imports to the page (and its import map) instead of rewriting them.
const TAMPERED = `(async () => {
  const { SharedHost } = await import("@shared-rt/runner");
  const url = new URL("project/manifest.json", location.href);
  const manifest = await (await fetch(url)).json();
  const hostImports = (await import(new URL(manifest.host, url).href)).default;
  const readFile = async (file) => new Uint8Array(await (await fetch(new URL(file, url))).arrayBuffer());
  manifest.plugins[0].hash = "sha256-" + "0".repeat(64);
  const refused = await SharedHost.load(manifest, { readFile, hostImports }).then(() => "loaded", (e) => e.name + " " + e.code);
  const host = await SharedHost.load(manifest, { readFile, hostImports, skipHashCheck: true });
  return { subtle: typeof crypto.subtle, refused, greeting: host.call("greeter", "greet", "x y") };
})()`;

describe.skipIf(!haveChromium)("apps/browser in headless Chromium on a non-secure origin", () => {
  let servers: Server[];
  let browser: Chromium;

  /** Opens `dir`'s page as http://shared-rt.test:<port>/ and returns what it reported, with the page's errors. */
  async function open(server: Server): Promise<{ page: Page; demo: unknown; errors: string[] }> {
    const page = await browser.context.newPage();
    const errors: string[] = [];
    page.on("console", (message) => message.type() === "error" && errors.push(message.text()));
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(`http://${HOST_NAME}:${(server.address() as AddressInfo).port}/`);
    const demo = await page.evaluate(() => (window as unknown as { demo: Promise<unknown> }).demo);
    return { page, demo, errors };
  }

  beforeAll(async () => {
    for (const dir of ["site", "dist"]) {
      if (!existsSync(path.join(appDir, dir, "index.html"))) throw new Error(`apps/browser is not built (no ${dir}/): run \`npm run build\``);
    }
    servers = await Promise.all([serveDirectory(path.join(appDir, "site")), serveDirectory(path.join(appDir, "dist"))]);
    browser = await launchChromium([`--host-resolver-rules=MAP ${HOST_NAME} 127.0.0.1`]);
  });

  afterAll(async () => {
    await browser?.close();
    for (const server of servers ?? []) await new Promise((resolve) => server.close(resolve));
  });

  it("loads the project with fetch and the import map, hashing without crypto.subtle", async () => {
    const { page, demo, errors } = await open(servers[0]);
    expect(errors).toEqual([]);
    expect(demo).toEqual(EXPECTED);
    expect(await page.evaluate(TAMPERED)).toEqual({
      subtle: "undefined",
      refused: "LoadError HASH_MISMATCH",
      greeting: "hello, x y (2 words, 6 stars)",
    });
    await page.fill("#name", "typed in the page");
    expect(await page.textContent("#greeting")).toBe("hello, typed in the page (4 words, 12 stars)");
  });

  it("loads the Vite build (runner and host module bundled, no import map)", async () => {
    const { demo, errors } = await open(servers[1]);
    expect(errors).toEqual([]);
    expect(demo).toEqual(EXPECTED);
  });
});
