/**
 * The matrix every differential program runs in: both collectors, -O0 and -O3; for each, the
 * one-module reference must print the program's expected.txt, and the shared-rt build must
 * print exactly the same lines with every plugin linked and with the late plugin relocatable
 * and loaded at run time. Builds are made once per collector and level, in beforeAll.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { COLLECTORS } from "@shared-rt/abi";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildOneModule, buildShared, runOneModule, runShared, type Run, type SharedBuild, type Variant } from "./differential.js";
import { readProgram, type Program } from "./program.js";

const programsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), "plugins");

/**
 * A program that cannot agree yet, and why. Its agreement tests are `it.fails` (they turn red
 * the day the feature makes them pass: then delete the switch), and a normal test checks that
 * the failure is the known one: the runs agree on the first `agreesFor` lines (the part of the
 * program that needs none of the pending features) and differ at line `differsAt` (the first
 * line that needs all of them, so that a part of the features landing alone keeps it red).
 */
export interface Pending {
  until: string;
  agreesFor: number;
  differsAt: number;
}

/** What a failed comparison shows: both outputs side by side, and the traps. */
function explain(reference: Run, shared: Run): string {
  const n = Math.max(reference.lines.length, shared.lines.length);
  const rows: string[] = [];
  for (let i = 0; i < n; ++i) {
    const same = reference.lines[i] === shared.lines[i];
    rows.push(`${same ? "  " : "≠ "}${String(i).padStart(3)} ${reference.lines[i] ?? "<none>"}${same ? "" : `  |  ${shared.lines[i] ?? "<none>"}`}`);
  }
  return `one module  |  shared-rt\n${rows.join("\n")}\n${[...reference.errors, ...shared.errors].join("\n")}`;
}

export function differentialSuite(name: string, pending?: Pending): void {
  for (const collector of COLLECTORS) {
    for (const optimizeLevel of [0, 3] as const) {
      const variant: Variant = { collector, optimizeLevel };
      describe(`${name}: ${collector}, -O${optimizeLevel}${pending ? ` (pending: ${pending.until})` : ""}`, () => {
        let program: Program;
        let reference: Run;
        let build: SharedBuild;
        const runs = new Map<string, Run>();

        beforeAll(async () => {
          program = await readProgram(path.join(programsDir, name));
          reference = await runOneModule(program, await buildOneModule(program, variant));
          build = await buildShared(program, variant);
          runs.set("linked", await runShared(program, build, false));
          runs.set("relocatable", await runShared(program, build, true));
        });
        afterAll(() => build?.project.remove());

        it("as one ordinary module, prints the expected lines", () => {
          expect(reference.errors).toEqual([]);
          expect(reference.lines).toEqual(program.expected);
        });

        for (const mode of ["linked", "relocatable"]) {
          const agree = pending ? it.fails : it;
          agree(`as shared-rt plugins, ${mode}, prints the same lines`, () => {
            const shared = runs.get(mode)!;
            expect(shared.lines, explain(reference, shared)).toEqual(reference.lines);
          });
          if (pending) {
            it(`as shared-rt plugins, ${mode}, fails where it is known to: agrees on ${pending.agreesFor} lines, differs at line ${pending.differsAt}`, () => {
              const shared = runs.get(mode)!;
              expect(shared.lines.slice(0, pending.agreesFor), explain(reference, shared)).toEqual(reference.lines.slice(0, pending.agreesFor));
              expect(shared.lines[pending.differsAt], explain(reference, shared)).not.toBe(reference.lines[pending.differsAt]);
            });
          }
        }
      });
    }
  }
}
