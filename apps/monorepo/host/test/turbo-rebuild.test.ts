// Editing one plugin package rebuilds only that package and relinks the host: turbo caches each
// plugin package's build on its own, keyed by its declared inputs (turbo.json).
import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const exec = promisify(execFile);
const repoRoot = path.resolve(fileURLToPath(import.meta.url), "../../../../..");
const turbo = path.join(repoRoot, "node_modules", ".bin", "turbo");
const formatterSource = path.join(repoRoot, "apps/monorepo/formatter/src/formatter.ts");
const PACKAGES = ["tokenizer", "counter", "formatter", "host"].map((name) => `@shared-rt-example/${name}`);

/** Which of the example's build tasks turbo ran (cache miss) and which it restored (cache hit). */
async function buildExample(): Promise<Record<string, "hit" | "miss">> {
  const { stdout } = await exec(turbo, ["run", "build", "--filter=@shared-rt-example/host...", "--output-logs=hash-only", "--ui=stream"], {
    cwd: repoRoot,
    maxBuffer: 16 * 1024 * 1024,
  });
  const status: Record<string, "hit" | "miss"> = {};
  for (const match of stdout.matchAll(/^(@shared-rt-example\/[\w-]+):build: cache (hit|miss)/gm)) status[match[1]] = match[2] as "hit" | "miss";
  return status;
}

describe("apps/monorepo under turbo", () => {
  it("rebuilds only the edited plugin package, then relinks the host", async () => {
    const original = await readFile(formatterSource, "utf8");
    try {
      // Whatever ran before (the test task depends on build), this fills turbo's cache.
      await buildExample();
      expect(await buildExample()).toEqual(Object.fromEntries(PACKAGES.map((name) => [name, "hit"])));
      // An edit turbo has never seen: a repeated one would be a cache hit from the last run.
      await writeFile(formatterSource, `${original}\n// edited by turbo-rebuild.test.ts, ${randomUUID()}\n`);
      expect(await buildExample()).toEqual({
        "@shared-rt-example/tokenizer": "hit",
        "@shared-rt-example/counter": "hit",
        "@shared-rt-example/formatter": "miss",
        "@shared-rt-example/host": "miss",
      });
    } finally {
      await writeFile(formatterSource, original);
    }
    // Back to the original source: the cached outputs come back without a compile.
    expect(await buildExample()).toEqual(Object.fromEntries(PACKAGES.map((name) => [name, "hit"])));
  });
});
