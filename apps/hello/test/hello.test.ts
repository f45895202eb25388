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

describe("apps/hello: the seed's example over one shared runtime", () => {
  it("builds with `shared-rt build` and prints both apps' view of the same bytes with `shared-rt run`", async () => {
    await run(process.execPath, [cli, "build", "--quiet"], { cwd: appDir });
    const { stdout } = await run(process.execPath, [cli, "run", "app1.main"], { cwd: appDir });
    const lines = stdout
      .trim()
      .split("\n")
      .map((l) => l.split(" "));
    expect(lines.map(([name, , length, value]) => `${name} ${length} ${value}`)).toEqual(["app1 1 A", "app2 1 B", "app2 2 AB", "app1 2 AB"]);
    const [a, b, ab2, ab1] = lines.map(([, address]) => Number(address));
    // "A" and "B" are string constants in each app's own static data: distinct addresses.
    expect(a).not.toBe(b);
    // "AB" is allocated by app2 on the shared heap; app1 receives the very same address.
    expect(ab1).toBe(ab2);
    expect(ab2).toBeGreaterThan(Math.max(a, b));
  });
});
