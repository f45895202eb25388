import { type ChildProcessWithoutNullStreams, execFile, spawn } from "node:child_process";
import { mkdir, mkdtemp, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli, shared } from "./run-cli.js";

// `shared-rt build --watch` on a project whose plugin imports a shared file outside the
// project's directory, saved the ways editors save: a temp file renamed over the original
// (several times in a row: each replaced file must still be watched), `sed -i`, and a plain write.

const api = (n: number) => `import { base } from "../../lib/util";\nexport function value(): i32 { return base() + ${n}; }\n`;
const util = (n: number) => `export function base(): i32 { return ${n}; }\n`;

/** Saves as editors do: writes a temp file beside the original, then renames it over. */
async function renameSave(file: string, text: string): Promise<void> {
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, text);
  await rename(temp, file);
}

describe("shared-rt build --watch", () => {
  let root: string;
  let dir: string;
  let child: ChildProcessWithoutNullStreams;
  let stderr = "";
  const waiters: (() => boolean)[] = [];

  /** Resolves once the watcher has finished `count` builds in all. */
  const builds = (count: number) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for build ${count} in:\n${stderr}`)), 60_000);
      const check = () => {
        if ((stderr.match(/watching for changes/g) ?? []).length < count) return false;
        clearTimeout(timer);
        resolve();
        return true;
      };
      if (!check()) waiters.push(check);
    });
  const value = async () => (await shared(["run", "api.value"], dir)).stdout.trim();

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), "shared-rt-watch-"));
    dir = path.join(root, "proj");
    await mkdir(path.join(dir, "src"), { recursive: true });
    await mkdir(path.join(root, "lib"));
    await writeFile(path.join(root, "lib/util.ts"), util(10));
    await writeFile(path.join(dir, "src/api.ts"), api(1));
    await writeFile(path.join(dir, "shared-rt.json"), JSON.stringify({ plugins: { api: { entry: "src/api.ts" } }, outDir: "out", optimizeLevel: 0 }));
    child = spawn(process.execPath, [cli, "build", "--watch"], { cwd: dir });
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
      for (let i = waiters.length - 1; i >= 0; i--) if (waiters[i]()) waiters.splice(i, 1);
    });
    await builds(1);
  });
  afterAll(async () => {
    child.kill();
    await rm(root, { recursive: true, force: true });
  });

  it("builds first", async () => {
    expect(await value()).toBe("11");
  });

  it("rebuilds after each of several rename-saves of a plugin's source", async () => {
    let done = 1;
    for (const n of [2, 3, 4]) {
      await renameSave(path.join(dir, "src/api.ts"), api(n));
      await builds(++done);
      expect(await value()).toBe(String(10 + n));
    }
  });

  it("rebuilds after rename-saves of a shared file outside the project's directory, and after sed -i", async () => {
    let done = (stderr.match(/watching for changes/g) ?? []).length;
    await renameSave(path.join(root, "lib/util.ts"), util(20));
    await builds(++done);
    expect(await value()).toBe("24");
    await promisify(execFile)("sed", ["-i", "s/return 20/return 30/", path.join(root, "lib/util.ts")]);
    await builds(++done);
    expect(await value()).toBe("34");
  });

  it("rebuilds when a shared file is deleted (the build fails) and when it is back", async () => {
    let done = (stderr.match(/watching for changes/g) ?? []).length;
    await rm(path.join(root, "lib/util.ts"));
    await builds(++done);
    expect(stderr).toMatch(/failed to compile:\n[^\n]*util\.ts' not found[\s\S]*watching for changes[^\n]*\n$/);
    await writeFile(path.join(root, "lib/util.ts"), util(30));
    await builds(++done);
    expect(await value()).toBe("34");
  });

  it("rebuilds after a plain write", async () => {
    const done = (stderr.match(/watching for changes/g) ?? []).length;
    await writeFile(path.join(dir, "src/api.ts"), api(5));
    await builds(done + 1);
    expect(await value()).toBe("35");
  });
});
