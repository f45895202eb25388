/**
 * A plugin package of the example monorepo (apps/monorepo/tokenizer) as a user receives it:
 * `npm pack` to a tarball, installed with the packed shared-rt packages into a fresh host project
 * outside the repository, linked by package name and called from a plugin of that project that
 * imports it through its declaration module.
 */
import { lstat, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { packPackage, type PackResult } from "../src/pack-package.js";
import { describeFailure, NPM, NPX, run, userEnv, type CommandResult } from "../src/run-command.js";
import { publishedPackages, REPO_ROOT } from "../src/workspace.js";

const packages = publishedPackages();
const ascVersion = packages.find((p) => p.manifest.name === "@shared-rt/runtime")!.manifest.dependencies!.assemblyscript;
const tokenizerDir = path.join(REPO_ROOT, "apps/monorepo/tokenizer");

const APP = `import { tokenize } from "@shared-rt-example/tokenizer";

export function main(text: string): string {
  return tokenize(text).join("|");
}
`;
const PROJECT = { plugins: { tokenizer: { package: "@shared-rt-example/tokenizer" }, app: { entry: "src/app.ts" } }, outDir: "build" };

describe("a plugin package from the example monorepo, packed and installed elsewhere", () => {
  let root: string;
  let project: string;
  let tokenizer: PackResult;

  const sh = async (command: string, args: string[]): Promise<CommandResult> => {
    const result = await run(command, args, { cwd: project, env: userEnv() });
    if (result.code !== 0) throw new Error(describeFailure(`${command} ${args.join(" ")} (in ${project})`, result));
    return result;
  };

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), "shared-rt-plugin-package-"));
    project = path.join(root, "host");
    const tarballs = path.join(root, "tarballs");
    await mkdir(tarballs);
    await mkdir(path.join(project, "src"), { recursive: true });
    tokenizer = await packPackage(tokenizerDir, tarballs);
    const shared = [];
    for (const pkg of packages) shared.push((await packPackage(pkg.dir, tarballs)).tarball);
    await writeFile(path.join(project, "package.json"), JSON.stringify({ name: "plugin-package-host", private: true, type: "module" }, null, 2));
    await writeFile(path.join(project, "shared-rt.json"), JSON.stringify(PROJECT, null, 2));
    await writeFile(path.join(project, "src/app.ts"), APP);
    await sh(NPM, ["install", "--no-audit", "--no-fund", "--prefer-offline", "--save-exact", tokenizer.tarball, ...shared, `assemblyscript@${ascVersion}`]);
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it("holds the built plugin, its declarations and the index.ts that re-exports them", () => {
    expect(tokenizer.files.sort()).toEqual(["dist/index.ts", "dist/tokenizer.wasm", "index.ts", "package.json"]);
  });

  it("is installed as a copy, linked by name and called through its declarations", async () => {
    expect((await lstat(path.join(project, "node_modules/@shared-rt-example/tokenizer"))).isSymbolicLink()).toBe(false);
    const build = await sh(NPX, ["--no", "--", "shared-rt", "build"]);
    expect(build.stderr).toMatch(/built 2 plugin\(s\) in \d+ ms -> build[\\/]manifest\.json/);
    const { stdout } = await sh(NPX, ["--no", "--", "shared-rt", "run", "app.main", "Hello, Plugin World"]);
    expect(stdout).toBe("hello|plugin|world\n");
  });
});
