// A page for Chromium that runs jspi-scenarios.mjs against built projects: the runner's own
// files (no bundler) through an import map, the scenarios, and each project's build directory,
// served on 127.0.0.1 (a secure context: crypto.subtle hashes the files).
import { readFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);
const packageDir = (name: string, from = require) => path.dirname(from.resolve(`${name}/package.json`));
const runnerDir = packageDir("@shared-rt/runner");
const fromRunner = createRequire(path.join(runnerDir, "package.json"));

const PAGE = `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,">
<script type="importmap">{ "imports": {
  "@shared-rt/runner": "/runner/index.js", "@shared-rt/abi": "/abi/index.js", "@noble/hashes/": "/noble/",
  "@shared-rt/fixtures/seeded-random": "/fixtures/seeded-random.js" } }</script>
<script type="module">
  import { SharedHost } from "@shared-rt/runner";
  import { jspiImports, runScenario } from "/jspi/jspi-scenarios.mjs";
  window.runJspi = async (project, scenario, seed, count) => {
    const url = new URL("/" + project + "/manifest.json", location.href);
    const manifest = await (await fetch(url)).json();
    const readFile = async (file) => new Uint8Array(await (await fetch(new URL(file, url))).arrayBuffer());
    const waits = [];
    const hostImports = (h) => jspiImports(waits, () => h);
    const host = await SharedHost.load(manifest, { readFile, hostImports, log: () => {} });
    return runScenario(host, waits, scenario, seed, count);
  };
  window.jspi = typeof WebAssembly.Suspending + " " + typeof WebAssembly.promising;
</script>`;

const TYPES: Record<string, string> = { ".js": "text/javascript", ".mjs": "text/javascript", ".json": "application/json", ".wasm": "application/wasm" };

/** Serves the page at / and `projects` (name → build directory) under /<name>/. */
export async function serveJspiPage(projects: Record<string, string>): Promise<{ server: Server; url: string }> {
  const roots: Record<string, string> = {
    runner: path.join(runnerDir, "dist"),
    abi: path.join(packageDir("@shared-rt/abi", fromRunner), "dist"),
    noble: path.dirname(fromRunner.resolve("@noble/hashes/sha2.js")),
    jspi: path.dirname(new URL(import.meta.url).pathname),
    fixtures: path.dirname(require.resolve("@shared-rt/fixtures/seeded-random")),
    ...projects,
  };
  const server = createServer(async (request, response) => {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    if (url.pathname === "/") {
      response.writeHead(200, { "content-type": "text/html" }).end(PAGE);
      return;
    }
    const [, root, ...rest] = url.pathname.split("/");
    const file = roots[root] && path.join(roots[root], ...rest);
    try {
      if (!file?.startsWith(roots[root])) throw new Error("outside");
      const body = await readFile(file);
      response.writeHead(200, { "content-type": TYPES[path.extname(file)] ?? "application/octet-stream" }).end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
}
