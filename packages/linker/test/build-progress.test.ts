import { writeFile } from "node:fs/promises";
import path from "node:path";
import { formatDiagnostic } from "@shared-rt/runtime/asc";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BuildStep } from "../src/build-options.js";
import { progressPrinter } from "../src/cli/build-progress.js";
import { tempProject, type TempProject } from "../src/testing.js";
import { shared } from "./run-cli.js";

// Build progress: the steps a real build reports (BuildOptions.onStep) and what the CLI prints
// of them, on a pipe and (the printer fed a real build's events) on a terminal.

const files = {
  "src/a.ts": "export function a(): i32 { return 1; }\n",
  "src/b.ts": '@external("a", "a") declare function a(): i32;\nexport function b(): i32 { return a() + 1; }\n',
};

describe("build progress", () => {
  let project: TempProject;
  beforeAll(async () => {
    project = await tempProject(files, { plugins: { a: { entry: "src/a.ts" }, b: { entry: "src/b.ts" } }, optimizeLevel: 0 });
  });
  afterAll(() => project.remove());

  it("reports each object's compile as it starts and ends, long before the plugin's event; on a terminal, a redrawn status line", async () => {
    const seen: string[] = [];
    let out = "";
    const printer = progressPrinter({ tty: true, plugins: 2, formatDiagnostic, write: (t) => (out += t) });
    await project.build({
      onStep: (s: BuildStep) => {
        seen.push(`${s.step} ${s.name}`);
        printer.onStep(s);
      },
      onProgress: (e) => {
        seen.push(`done ${e.name}`);
        printer.onProgress(e);
      },
    });
    printer.end();
    expect(seen.slice(0, 2)).toEqual(["compile a", "compile b"]);
    expect(seen.slice(2, 4).sort()).toEqual(["compiled a", "compiled b"]);
    expect(seen.slice(4)).toEqual(["done a", "done b", "done runtime"]);
    // Each line is printed above the status line, which is then drawn again; the end clears it.
    const shown = out.replaceAll("\r\u001b[2K", "<clear>");
    expect(shown).toMatch(/^<clear> {2}a: compiling\n\[-{20}\] 0\/1 compiled · compiling a · \d+\.\d s/);
    expect(shown).toMatch(/<clear> {2}b: \d+ bytes \(\d+ ms\)\n\[#+-*\] 2\/2 compiled · building the runtime · /);
    expect(shown.endsWith("<clear>")).toBe(true);
  });

  it("says which plugins came from the cache", async () => {
    const steps: string[] = [];
    let out = "";
    const printer = progressPrinter({ tty: false, formatDiagnostic, write: (t) => (out += t) });
    await project.build({ onStep: (s) => steps.push(`${s.step} ${s.name}`), onProgress: printer.onProgress });
    expect(steps).toEqual(["cached a", "cached b"]);
    expect(out).toMatch(/^ {2}a: \d+ bytes \(unchanged\)\n {2}b: \d+ bytes \(unchanged\)\n {2}runtime: \d+ bytes \(unchanged\)\n$/);
  });

  it("prints a line as each plugin starts compiling; nothing with -q; only JSON with --json", async () => {
    const piped = await shared(["build", "--clean"], project.dir);
    expect(piped.code).toBe(0);
    expect(piped.stderr).toMatch(/^ {2}a: compiling\n {2}b: compiling\n[\s\S]* {2}a: \d+ bytes \(\d+ ms\)\n/);
    // Edited, so that a plugin compiles again: still nothing printed.
    await writeFile(path.join(project.dir, "src/a.ts"), "export function a(): i32 { return 2; }\n");
    expect(await shared(["build", "-q"], project.dir)).toMatchObject({ code: 0, stdout: "", stderr: "" });
    const json = await shared(["build", "--json"], project.dir);
    expect(json.stderr).toBe("");
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: true });
  });
});
