import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BUILD } from "../src/cli/build.js";
import { type CommandSpec, synopsis } from "../src/cli/command-spec.js";
import { INIT } from "../src/cli/init.js";
import { LINK } from "../src/cli/link.js";
import { MAP } from "../src/cli/map.js";
import { PACK } from "../src/cli/pack.js";
import { RUN } from "../src/cli/run.js";
import { tempProject, type TempProject } from "../src/testing.js";
import { shared } from "./run-cli.js";

const api = `
export function greet(name: string): string { return "hello, " + name; }
export function add(a: i32, b: f64): f64 { return <f64>a + b; }
export function nothing(): void {}
export function fail(message: string): void { throw new Error(message); }
export function truthy(x: i32): bool { return x != 0; }
export function negate(b: bool): bool { return !b; }
`;

describe("the shared-rt CLI", () => {
  let project: TempProject;
  beforeAll(async () => {
    project = await tempProject({ "src/api.ts": api }, { plugins: { api: { entry: "src/api.ts" } }, optimizeLevel: 0 });
  });
  afterAll(() => project.remove());

  it("prints help for the CLI and for each command, from the tables the commands parse", async () => {
    const top = await shared(["--help"], project.dir);
    expect(top.code).toBe(0);
    for (const spec of [INIT, BUILD, RUN, MAP, PACK, LINK] as CommandSpec[]) {
      expect(top.stdout).toContain(`  ${synopsis(spec)}\n      ${spec.summary}\n`);
      for (const [name, option] of Object.entries(spec.options)) {
        expect(top.stdout).toMatch(new RegExp(`${option.short ? `-${option.short}, ` : ""}--${name}\\b.* ${option.help.split("\n")[0].replace(/[()]/g, ".")}`));
      }
      const help = await shared([spec.name, "--help"], project.dir);
      expect(help.code).toBe(0);
      expect(help.stdout).toMatch(new RegExp(`^Usage: shared-rt ${spec.name}`));
      for (const name of Object.keys(spec.options)) expect(help.stdout).toContain(`--${name}`);
    }
    expect(top.stdout).toMatch(/shared-rt build \[-p <file>\] \[--json\] \[-w\] \[--clean\] \[-q\]/);
  });

  it("prints the linker's version", async () => {
    const { version } = JSON.parse(await readFile(new URL("../package.json", import.meta.url), "utf8"));
    for (const flag of ["--version", "-v"]) expect(await shared([flag], project.dir)).toMatchObject({ code: 0, stdout: `${version}\n` });
  });

  it("refuses an unknown command and an unknown option", async () => {
    const unknown = await shared(["bulid"], project.dir);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toMatch(/unknown command 'bulid'/);
    const option = await shared(["build", "--fast"], project.dir);
    expect(option.code).not.toBe(0);
    expect(option.stderr).toMatch(/Unknown option '--fast'/);
  });

  it("asks for a build before running", async () => {
    const result = await shared(["run", "api.nothing"], project.dir);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/has not been built .*run 'shared-rt build' first/);
  });

  it("builds, reporting each module", async () => {
    const result = await shared(["build"], project.dir);
    expect(result.stderr).toMatch(/api: \d+ bytes/);
    expect(result.stderr).toMatch(/built 1 plugin\(s\) in \d+ ms -> build\/manifest\.json/);
    expect(result.code).toBe(0);
  });

  it("runs exports: strings as text, numbers as numbers, nothing for void", async () => {
    expect((await shared(["run", "api.greet", "world"], project.dir)).stdout).toBe("hello, world\n");
    expect((await shared(["run", "api.greet", "42"], project.dir)).stdout).toBe("hello, 42\n");
    expect((await shared(["run", "api.add", "2", "0.5"], project.dir)).stdout).toBe("2.5\n");
    expect((await shared(["run", "api.truthy", "3"], project.dir)).stdout).toBe("true\n");
    expect((await shared(["run", "api.negate", "false"], project.dir)).stdout).toBe("true\n");
    expect((await shared(["run", "api.negate", "true"], project.dir)).stdout).toBe("false\n");
    const nothing = await shared(["run", "api.nothing"], project.dir);
    expect(nothing).toMatchObject({ code: 0, stdout: "" });
    const loadOnly = await shared(["run"], project.dir);
    expect(loadOnly).toMatchObject({ code: 0, stdout: "" });
  });

  it("reports a trap naming plugin and export, with the abort's message and place", async () => {
    const result = await shared(["run", "api.fail", "boom"], project.dir);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/api\.fail failed: plugin 'api' aborted: boom at src\/api\.ts:5:\d+/);
  });

  it("reports a bad argument and an unknown export", async () => {
    const bad = await shared(["run", "api.add", "two", "1"], project.dir);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/argument 1 of api\.add is i32: expected an integer from -2147483648 to 2147483647, found "two"/);
    const missing = await shared(["run", "api.nope"], project.dir);
    expect(missing.stderr).toMatch(/plugin 'api' has no exported function 'nope' \(it exports: add, fail, greet, negate, nothing, truthy\)/);
  });

  it("prints the build as JSON with --json, and a link error as JSON too", async () => {
    const ok = await shared(["build", "--json"], project.dir);
    expect(ok.code).toBe(0);
    const result = JSON.parse(ok.stdout);
    expect(result).toMatchObject({ ok: true, manifest: "build/manifest.json" });
    expect(result.modules.map((m: { name: string }) => m.name)).toEqual(["api", "runtime"]);
    const broken = await tempProject(
      { "x.ts": '@external("nope", "f") declare function f(): void;\nexport function g(): void { f(); }\n' },
      { plugins: { x: { entry: "x.ts" } } },
    );
    try {
      const failed = await shared(["build", "--json"], broken.dir);
      expect(failed.code).not.toBe(0);
      expect(JSON.parse(failed.stdout)).toEqual({
        ok: false,
        error: {
          code: "IMPORT_UNRESOLVED",
          message: "plugin 'x' imports 'nope.f': no plugin is named 'nope' and the project has no \"host\" module to provide it",
        },
      });
    } finally {
      await broken.remove();
    }
  });

  it("writes the layout map", async () => {
    const result = await shared(["map", "-o", "layout.svg"], project.dir);
    expect(result).toMatchObject({ code: 0, stderr: "wrote layout.svg\n" });
  });
});
