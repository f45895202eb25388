import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const appDir = path.resolve(fileURLToPath(import.meta.url), "../..");
const cli = createRequire(import.meta.url)
  .resolve("@shared-rt/linker/package.json")
  .replace(/package\.json$/, "dist/cli.js");

describe("apps/jspi: plugins waiting straight-line on files and a local HTTP server", () => {
  beforeAll(async () => {
    await run(process.execPath, [cli, "build", "--quiet"], { cwd: appDir });
  });

  it("runs the three calls at once under the registry's Node and prints every summary", async () => {
    const { stdout } = await run(process.execPath, ["main.mjs"], { cwd: appDir });
    const lines = stdout.trim().split("\n");
    expect(lines.slice(0, 3).map((line) => line.replace(/127\.0\.0\.1:\d+/, "127.0.0.1:<port>"))).toEqual([
      "heap.txt: 12 words, longest 'callbacks', note on heap.txt from 127.0.0.1:<port>",
      "segments.txt: 10 words, longest 'suspended', note on segments.txt from 127.0.0.1:<port>",
      "third.txt: 11 words, longest 'waiting', note on third.txt from 127.0.0.1:<port>",
    ]);
    expect(lines[3]).toMatch(/^finished in the order: .+ \(v2\d\.\d+\.\d+, 3 suspended at once\)$/);
  });

  it("on Node 20 without the registry's Node, says JSPI_UNAVAILABLE naming engine and call", async () => {
    const failed = await run(process.execPath, ["main.mjs"], { cwd: appDir, env: { ...process.env, JSPI_APP_NO_REEXEC: "1" } }).catch((error) => error);
    if (process.versions.node.startsWith("20.")) {
      expect(failed.code).toBe(1);
      expect(failed.stderr).toContain(`JSPI_UNAVAILABLE: fetcher.summarize: host.callAsync needs JSPI`);
      expect(failed.stderr).toContain(process.version);
    }
  });

  it("a file that cannot be read rejects its call with HOST_ERROR; the others were not disturbed", async () => {
    const failed = await run(process.execPath, ["main.mjs", "heap.txt", "absent.txt"], { cwd: appDir }).catch((error) => error);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/HOST_ERROR: fetcher\.summarize failed: a host function threw: .*ENOENT/);
  });
});
