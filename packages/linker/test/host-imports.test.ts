import { rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BuildResult } from "../src/index.js";
import { tempProject, type TempProject } from "../src/testing.js";
import { shared } from "./run-cli.js";

// One project directory, rebuilt with other host modules and project files: the plugins are
// compiled once and reused, since a host module is no input of theirs.
const tokenizer = "export function split(s: string): i32 { return s.length; }\n";
const app = `
@external("host", "print") declare function print(s: string): void;
@external("tokenizr", "split") declare function split(s: string): i32;
export function run(s: string): i32 { print(s); return split(s); }
`;
const realHost = "export default (host) => ({ host: { print: (p) => console.log(host.readString(p)) } });\n";

describe("host imports checked at build", () => {
  let project: TempProject;
  const plugins = { tokenizer: { entry: "tokenizer.ts" }, app: { entry: "app.ts" } };

  /** Builds with this host module (undefined: none on disk) and these project keys. */
  async function build(host: string | undefined, keys: Record<string, unknown> = {}): Promise<BuildResult> {
    if (host === undefined) await rm(path.join(project.dir, "host.mjs"), { force: true });
    else await writeFile(path.join(project.dir, "host.mjs"), host);
    await writeFile(project.file, JSON.stringify({ plugins, host: "host.mjs", optimizeLevel: 0, ...keys }));
    return project.build();
  }

  beforeAll(async () => {
    project = await tempProject({ "tokenizer.ts": tokenizer, "app.ts": app }, { plugins });
  });
  afterAll(() => project.remove());

  it("with a placeholder host module (imports given in code), builds, warning about a near miss of a plugin name; ignores asconfig.json, saying so", async () => {
    // Were asc to read it, its transform and entry would fail the build.
    await writeFile(path.join(project.dir, "asconfig.json"), JSON.stringify({ entries: ["nope.ts"], options: { transform: ["./no-such-transform.mjs"] } }));
    const result = await build("export default {};\n");
    await rm(path.join(project.dir, "asconfig.json"));
    expect(result.warnings).toEqual([
      expect.stringMatching(/asconfig\.json is ignored: shared-rt compiles plugins with the options of shared-rt\.json/),
      "plugin 'app' imports 'tokenizr.split': no plugin is named 'tokenizr'; did you mean plugin 'tokenizer'? (the host module 'host.mjs' provides no namespaces, so its host imports must be given in code)",
    ]);
  });

  it("refuses an import neither a plugin nor the host module provides, with a suggestion", async () => {
    await expect(build(realHost)).rejects.toMatchObject({
      code: "IMPORT_UNRESOLVED",
      message:
        "plugin 'app' imports 'tokenizr.split': no plugin is named 'tokenizr' and the host module 'host.mjs' does not provide it (it provides: host); did you mean plugin 'tokenizer'?",
    });
    await expect(build("export default { host: { prnt() {} }, tokenizr: { split() {} } };\n")).rejects.toMatchObject({
      code: "IMPORT_UNRESOLVED",
      message: "plugin 'app' imports 'host.print': the host module 'host.mjs' provides 'host' without 'print' (it has: prnt); did you mean 'host.prnt'?",
    });
  });

  it("accepts what a host module's function provides, and warns when the function cannot run at build time", async () => {
    const both = "export default (host) => ({ host: { print: (p) => host.readString(p) }, tokenizr: { split: () => 0 } });\n";
    expect((await build(both)).warnings).toEqual([]);
    const eager = "export default (host) => { if (typeof host.readString(0) !== 'string') throw new Error('needs a real host'); return {}; };\n";
    expect((await build(eager)).warnings).toEqual([
      "the host module 'host.mjs' (" +
        project.file +
        ": host) threw when called with a stand-in host at build time (needs a real host): its host imports are not checked",
      "plugin 'app' imports 'tokenizr.split': no plugin is named 'tokenizr'; did you mean plugin 'tokenizer'? (the host module 'host.mjs' could not be checked)",
    ]);
  });

  it("names a missing host module and one that cannot be imported, before compiling", async () => {
    await expect(build(undefined)).rejects.toMatchObject({
      code: "BAD_HOST_MODULE",
      message: `the host module 'host.mjs' (${project.file}: host) does not exist: no file ${path.join(project.dir, "host.mjs")}`,
    });
    await expect(build("import './gone.mjs';\nexport default {};\n")).rejects.toMatchObject({
      code: "BAD_HOST_MODULE",
      // The bundle step sees it first and says where.
      message: expect.stringMatching(/^cannot bundle the host module 'host\.mjs': host\.mjs:1:8: Could not resolve "\.\/gone\.mjs"/),
    });
  });

  it("only warns about a relocatable plugin's unprovided import: a plugin loaded before it at run time may provide it", async () => {
    const result = await build(realHost, { plugins: { ...plugins, app: { entry: "app.ts", relocatable: true } } });
    expect(result.warnings).toEqual([expect.stringMatching(/^plugin 'app' imports 'tokenizr\.split': .* \(plugin 'app' is relocatable: /)]);
  });

  it("CLI: run names a host module that is gone, without a stack; build --json lists a project file's problems", async () => {
    // run loads the built project: its host module is the bundle in the outDir.
    await rm(path.join(project.dir, "build", "host.mjs"));
    const run = await shared(["run", "tokenizer.split", "abc"], project.dir);
    expect(run).toMatchObject({ code: 1, stderr: `shared-rt: the host module '${path.join(project.dir, "build", "host.mjs")}' does not exist\n` });
    await writeFile(project.file, JSON.stringify({ plugins: { a: { entry: "a.ts", isolatd: true } }, colector: "minimal" }, null, 2));
    const failed = JSON.parse((await shared(["build", "--json"], project.dir)).stdout);
    expect(failed.error.problems).toEqual([
      { path: "plugins.a.isolatd", message: expect.stringMatching(/^unknown key; did you mean "isolated"\?/), line: 5, column: 7 },
      { path: "colector", message: expect.stringMatching(/^unknown key; did you mean "collector"\?/), line: 8, column: 3 },
    ]);
  });
});
