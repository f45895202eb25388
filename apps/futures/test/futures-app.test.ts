import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const appDir = path.resolve(fileURLToPath(import.meta.url), "../..");
const cli = createRequire(import.meta.url)
  .resolve("@shared-rt/linker/package.json")
  .replace(/package\.json$/, "dist/cli.js");

describe("apps/futures: plugins awaiting host file reads and each other's futures", () => {
  it("builds, reads both files through futures and reports the counts", async () => {
    await run(process.execPath, [cli, "build", "--quiet"], { cwd: appDir });
    const { stdout } = await run(process.execPath, ["main.mjs"], { cwd: appDir });
    expect(stdout.trim().split("\n")).toEqual(["seed.txt: 11 words", "plugins.txt: 10 words", "total: 21 words"]);
  });

  it("reports a file that cannot be read as a failed future", async () => {
    const failed = await run(process.execPath, ["main.mjs", "seed.txt", "absent.txt"], { cwd: appDir }).catch((error) => error);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/^FUTURE_FAILED: the future of report\.report failed: .*ENOENT/);
  });
});
