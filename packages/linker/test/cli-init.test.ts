import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HOST_TOOLCHAIN } from "../src/cli/init-template.js";
import { shared } from "./run-cli.js";

// `shared-rt init`, then the scaffold's own scripts (npm run build, npm start) with this
// workspace's packages linked in as an install would put them: no network.

const require = createRequire(import.meta.url);
const linkerDir = fileURLToPath(new URL("..", import.meta.url));
const linkerPackage = JSON.parse(await readFile(path.join(linkerDir, "package.json"), "utf8"));
const rootPackage = JSON.parse(await readFile(path.join(linkerDir, "../../package.json"), "utf8"));
const packageDir = (name: string) => path.dirname(require.resolve(`${name}/package.json`));
const npm = (args: string[], cwd: string) => promisify(execFile)("npm", args, { cwd });

/** node_modules as `npm install` makes it: the packages the scaffold lists, and their bins. */
async function linkDependencies(dir: string): Promise<void> {
  const modules = path.join(dir, "node_modules");
  await mkdir(path.join(modules, ".bin"), { recursive: true });
  const links: [string, string][] = [
    ["@shared-rt/linker", linkerDir],
    ...["@shared-rt/runner", "assemblyscript", "typescript", "@types/node"].map((n): [string, string] => [n, packageDir(n)]),
  ];
  for (const [name, target] of links) {
    await mkdir(path.dirname(path.join(modules, name)), { recursive: true });
    await symlink(target, path.join(modules, name), "dir");
  }
  await symlink("../@shared-rt/linker/bin/shared-rt.js", path.join(modules, ".bin/shared-rt"));
  await symlink("../typescript/bin/tsc", path.join(modules, ".bin/tsc"));
}

describe("shared-rt init", () => {
  let root: string;
  let dir: string;
  let created: { code: number; stderr: string };
  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), "shared-rt-init-"));
    dir = path.join(root, "My App");
    created = await shared(["init", "My App"], root);
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it("writes a project and prints the next steps", async () => {
    expect(created.code).toBe(0);
    expect(created.stderr).toMatch(/^created a shared-rt project in My App: package\.json, shared-rt\.json, plugins\/greeter\.ts, plugins\/app\.ts/);
    expect(created.stderr).toContain('\nNext:\n  cd "My App"\n  npm install\n  npm run build');
    const pkg = JSON.parse(await readFile(path.join(dir, "package.json"), "utf8"));
    expect(pkg).toMatchObject({
      name: "my-app",
      type: "module",
      dependencies: { "@shared-rt/runner": `^${linkerPackage.dependencies["@shared-rt/runner"]}` },
      devDependencies: {
        "@shared-rt/linker": `^${linkerPackage.version}`,
        assemblyscript: linkerPackage.dependencies.assemblyscript,
        typescript: HOST_TOOLCHAIN.typescript,
        "@types/node": HOST_TOOLCHAIN["@types/node"],
      },
    });
    // The host's toolchain is the one this repository builds with.
    expect(HOST_TOOLCHAIN.typescript.replace(/^\^/, "")).toBe(rootPackage.devDependencies.typescript);
    expect(HOST_TOOLCHAIN["@types/node"]).toBe(rootPackage.devDependencies["@types/node"]);
  });

  it("builds with its own scripts and runs: the host calls both plugins through the typed bindings", async () => {
    await linkDependencies(dir);
    const build = await npm(["run", "build"], dir);
    expect(build.stderr).toMatch(/greeter: compiling[\s\S]*built 2 plugin\(s\)/);
    expect(await readFile(path.join(dir, "build/plugins.d.ts"), "utf8")).toContain("welcome(");
    const start = await npm(["start", "--silent"], dir);
    expect(start.stdout).toBe("Hello, shared-rt!\nHello, Ada! Hello, Grace!\n");
    // The README's "A project from scratch" shows this run.
    const readme = await readFile(path.join(linkerDir, "README.md"), "utf8");
    expect(readme).toContain(`built 2 plugin(s) in 4391 ms -> build/manifest.json\n${start.stdout}`);
    expect(readme).toContain(created.stderr.replace(/My App/g, "my-app").replace('"my-app"', "my-app"));
  });

  it("refuses to overwrite any file, and then writes nothing", async () => {
    const again = await shared(["init", "My App"], root);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/cannot create a project in .*My App: it already has package\.json, shared-rt\.json, .*; nothing was written/);
    const partial = path.join(root, "partial");
    await mkdir(partial);
    await writeFile(path.join(partial, ".gitignore"), "mine\n");
    const refused = await shared(["init"], partial);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/it already has \.gitignore; nothing was written/);
    expect(await readFile(path.join(partial, ".gitignore"), "utf8")).toBe("mine\n");
    await expect(readFile(path.join(partial, "package.json"))).rejects.toThrow(/ENOENT/);
  });
});
