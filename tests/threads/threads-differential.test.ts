/**
 * The differential proof for threads: a program of four plugins (strings, arrays and shared
 * objects crossing between them; tests/threads/plugins/relay) run on a threaded host with two
 * workers, its steps issued one at a time to alternating workers with a full collection after
 * each from the other worker, must print exactly what the same source prints compiled as ONE
 * ordinary AssemblyScript module (tests/types' differential harness builds and runs that). For
 * every collector of COLLECTORS_WITH_THREADS, at -O0 and -O3.
 *
 * A threaded worker prints through the project's host module, which appends each line to a file
 * the test reads once the steps are done: calls run one at a time, so the file has them in order.
 */
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Collector, Manifest } from "@shared-rt/abi";
import { tempProject, type TempProject } from "@shared-rt/linker/testing";
import { loadThreaded, type ThreadedHost } from "@shared-rt/runner/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildOneModule, runOneModule, type Run, type Variant } from "../types/differential.js";
import { readProgram, type Program } from "../types/program.js";

/** The collectors a threaded project can use: the program, the reference and the checks are the same for each. */
const COLLECTORS_WITH_THREADS: Collector[] = ["incremental", "minimal"];
const WORKERS = 2;
const PRINTED = "printed.jsonl";
const programDir = path.join(path.dirname(fileURLToPath(import.meta.url)), "plugins", "relay");

/** The host module of the threaded build: `host.print` appends the line (as JSON) to `file`. */
function hostModule(file: string): string {
  return [
    'import { appendFileSync } from "node:fs";',
    `const printed = ${JSON.stringify(file)};`,
    'export default { host: { print: (line) => appendFileSync(printed, JSON.stringify(line) + "\\n") } };',
    "",
  ].join("\n");
}

/**
 * Builds the program as a threaded shared-rt project, the host module printing to PRINTED: every
 * plugin linked, but those named in `relocatable`, which the manifest lists as relocatable (each
 * worker loads them at start: worker 0 places them, the other loads them there).
 */
async function buildThreaded(program: Program, variant: Variant, relocatable: string[] = []): Promise<TempProject> {
  const plugins = Object.fromEntries(
    [...program.entries].map(([name, entry]) => [name, relocatable.includes(name) ? { entry, relocatable: true } : { entry }]),
  );
  const config = { plugins, collector: variant.collector, optimizeLevel: variant.optimizeLevel, host: "host.mjs", threads: WORKERS };
  const project = await tempProject(Object.fromEntries(program.sources), config);
  try {
    await writeFile(path.join(project.dir, "host.mjs"), hostModule(path.join(project.dir, PRINTED)));
    await project.build();
    return project;
  } catch (error) {
    await project.remove();
    throw error;
  }
}

/** Runs the steps one at a time, step i on worker i mod WORKERS, each followed by a collection on the next worker. */
async function runThreaded(program: Program, project: TempProject): Promise<Run> {
  const out: Run = { lines: [], errors: [] };
  await writeFile(path.join(project.dir, PRINTED), "");
  let host: ThreadedHost | undefined;
  let trapped: string | undefined;
  try {
    host = await loadThreaded(path.join(project.dir, "build", "manifest.json"), { threads: WORKERS });
    for (const [i, { plugin, fn }] of program.steps.entries()) {
      trapped = `${plugin}.${fn}`;
      await host.callOn(i % WORKERS, plugin, fn);
      await host.collect((i + 1) % WORKERS);
      trapped = undefined;
    }
  } catch (error) {
    out.errors.push(`${trapped ?? "load"}: ${(error as Error).message}`);
  } finally {
    await host?.close();
  }
  const printed = await readFile(path.join(project.dir, PRINTED), "utf8");
  out.lines = printed
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) ?? "null");
  if (out.errors.length) out.lines.push(`!! ${trapped ?? "load"} trapped`);
  return out;
}

/**
 * The plugins of the relay program made relocatable in the relocatable case (-O3 only, one build
 * per collector): the driver, which nothing imports from, and the store it imports from, so that a
 * relocatable plugin imports from another relocatable one and from linked ones.
 */
const RELOCATABLE = ["store", "main"];

for (const collector of COLLECTORS_WITH_THREADS) {
  for (const optimizeLevel of [0, 3] as const) {
    const variant: Variant = { collector, optimizeLevel };
    const withRelocatable = optimizeLevel === 3;
    describe(`threads differential (relay, ${WORKERS} workers): ${collector}, -O${optimizeLevel}`, () => {
      let program: Program;
      let reference: Run;
      let threaded: Run;
      let relocated: Run;
      let project: TempProject | undefined;
      let relocProject: TempProject | undefined;
      beforeAll(async () => {
        program = await readProgram(programDir);
        reference = await runOneModule(program, await buildOneModule(program, variant));
        project = await buildThreaded(program, variant);
        threaded = await runThreaded(program, project);
        if (!withRelocatable) return;
        relocProject = await buildThreaded(program, variant, RELOCATABLE);
        relocated = await runThreaded(program, relocProject);
      });
      afterAll(async () => {
        await project?.remove();
        await relocProject?.remove();
      });

      it("as one ordinary module, prints the expected lines", () => {
        expect(reference.errors).toEqual([]);
        expect(reference.lines).toEqual(program.expected);
      });

      it("on alternating workers of a threaded host, prints the same lines", () => {
        expect(threaded.errors).toEqual([]);
        expect(threaded.lines).toEqual(reference.lines);
      });

      if (withRelocatable)
        it(`with ${RELOCATABLE.join(" and ")} relocatable (listed in the manifest), prints the same lines`, async () => {
          const manifest = JSON.parse(await readFile(path.join(relocProject!.dir, "build", "manifest.json"), "utf8")) as Manifest;
          expect(manifest.plugins.filter((p) => p.relocatable).map((p) => p.name)).toEqual(RELOCATABLE);
          expect(relocated.errors).toEqual([]);
          expect(relocated.lines).toEqual(reference.lines);
        });
    });
  }
}
