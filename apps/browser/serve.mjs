#!/usr/bin/env node
// A static file server for the two built pages: `node serve.mjs` serves site/ (the fetch page),
// `node serve.mjs dist` the Vite build, on http://127.0.0.1:8080 (or the port given second).
// Any static server does the same; this one only knows the types the pages need.
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** @type {Record<string, string>} */
const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".mjs": "text/javascript",
  ".json": "application/json",
  ".wasm": "application/wasm",
  ".css": "text/css",
};

/**
 * Serves the files under `root` on 127.0.0.1 (`/` is index.html). Resolves once listening.
 * @param {string} root
 * @param {number} port 0 for any free one
 * @returns {Promise<import("node:http").Server>}
 */
export function serveDirectory(root, port = 0) {
  const server = createServer(async (request, response) => {
    const url = new URL(request.url ?? "/", "http://localhost");
    const file = path.join(root, decodeURIComponent(url.pathname).replace(/\/$/, "/index.html"));
    if (!file.startsWith(root + path.sep)) return response.writeHead(403).end();
    try {
      const body = await readFile(file);
      response.writeHead(200, { "content-type": TYPES[path.extname(file)] ?? "application/octet-stream" }).end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(port, "127.0.0.1", () => resolve(server)));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const which = process.argv[2] ?? "site";
  const root = path.join(path.dirname(fileURLToPath(import.meta.url)), which);
  const server = await serveDirectory(root, Number(process.argv[3] ?? 8080));
  const { port } = /** @type {import("node:net").AddressInfo} */ (server.address());
  console.log(`serving ${which}/ on http://127.0.0.1:${port}/`);
}
