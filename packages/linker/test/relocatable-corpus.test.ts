import { cp, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TransformBase, runAsc } from "@shared-rt/runtime/asc";
import type { SharedHost } from "@shared-rt/runner";
import { ASC_FEATURES } from "shared-init";
import { tempProject, type TempProject } from "../src/testing.js";

// Relocation must hold for everything the standard library does: each corpus source is built
// twice into ONE project, once linked and once relocatable, and every export must give the
// same result from both. At -O0 and -O3, with both collectors.

const corpus = fileURLToPath(new URL("./relocatable-corpus/", import.meta.url));

type Call = [name: string, ...args: unknown[]];

/** What to call in each corpus source; every call runs on the linked and the relocatable build. */
const CALLS: Record<string, Call[]> = {
  numbers: [
    ["show", 0.1 + 0.2],
    ["show", -1e21],
    ["show", 5e-324],
    ["show", 123.456],
    ["show", NaN],
    ["showF32", 1.1],
    ["showF32", -3.4e38],
    ["showI64", -9007199254740993n],
    ["showU64", 18446744073709551615n],
    ["radixes", -123456],
    ["radixes", 255],
    ["floats"],
    ["fixed", 2.345, 2],
    ["fixed", -17.0049, 3],
    ["fixed", 1e6 + 0.5, 0],
    ["pf", "3.14159"],
    ["pf", "-1.5e-300"],
    ["pf", "nope"],
    ["parses"],
    ["maths", 0.5],
    ["maths", 2.75],
    ["randoms", 42n],
    ["randoms", -7n],
    ["dates", 0n],
    ["dates", 951782400123n],
    ["dates", -8640000000000n],
    ["dates", 1709251199999n],
  ],
  strings: [
    ["cases", "Hello, Wörld! ÀÉÎ ǆ"],
    ["splits", "the quick brown fox"],
    ["replaces", "foo boo"],
    ["pads", "abc", 8],
    ["pads", "abcdefghij", 4],
    ["codes", "héllo😀"],
    ["templates", "you", 7],
    ["searching", "hello world"],
    ["utf", "naïve ☃ 😀"],
    ["churn", 3000],
  ],
  collections: [
    ["sum", new Float64Array([1.5, 2.25, -0.75, 1e10])],
    ["floats64", new Float64Array([3, 1, 4, 1, 5, 9, 2, 6])],
    ["ints32", new Int32Array([5, -3, 7, 3, 0, 12])],
    ["small"],
    ["wides", 5],
    ["maps", 40],
    ["sets", "hello world"],
    ["classes", 9],
    ["classes", 12],
    ["nested", 4],
  ],
};
const SOURCES = Object.keys(CALLS);

/** Results of one round of calls to the linked and the relocatable build of a source. */
function callBoth(host: SharedHost, source: string): { linked: unknown[]; relocated: unknown[] } {
  const linked: unknown[] = [];
  const relocated: unknown[] = [];
  for (const [name, ...args] of CALLS[source]) {
    linked.push(host.call(source, name, ...args));
    relocated.push(host.call(`${source}_r`, name, ...args));
  }
  return { linked, relocated };
}

for (const optimizeLevel of [0, 3]) {
  for (const collector of ["incremental", "minimal"] as const) {
    describe(`standard library in relocatable plugins (-O${optimizeLevel}, ${collector})`, () => {
      let project: TempProject;
      let host: SharedHost;
      beforeAll(async () => {
        const plugins: Record<string, { entry: string; relocatable?: boolean }> = {};
        for (const source of SOURCES) {
          plugins[source] = { entry: `${source}.ts` };
          // A copy: a plugin's classes are private to its entry file, which no other plugin may compile.
          plugins[`${source}_r`] = { entry: `${source}_r.ts`, relocatable: true };
        }
        project = await tempProject({}, { plugins, optimizeLevel, collector });
        for (const source of SOURCES) {
          await cp(path.join(corpus, `${source}.ts`), path.join(project.dir, `${source}.ts`));
          await cp(path.join(corpus, `${source}.ts`), path.join(project.dir, `${source}_r.ts`));
        }
        await project.build();
        host = await project.load();
      });
      afterAll(() => project.remove());

      for (const source of SOURCES) {
        it(`${source}: every export gives the same result relocatable as linked, before and after collections`, () => {
          expect(host.plugin(`${source}_r`).manifest.relocatable).toBe(true);
          expect(host.plugin(source).manifest.relocatable).toBeFalsy();
          const first = callBoth(host, source);
          expect(first.relocated).toEqual(first.linked);
          host.collect();
          const second = callBoth(host, source);
          host.collect();
          expect(second.relocated).toEqual(second.linked);
        });

        it(`${source}: a second copy loaded into the running host, elsewhere, gives the first round's results`, async () => {
          // Fresh globals, as the builds had in the first round (Math.random is seeded per call).
          const expected = callBoth(await project.load(), source).linked;
          await host.load(`${source}_copy`, new Uint8Array(await readFile(path.join(project.dir, "build", `${source}_r.wasm`))));
          try {
            expect(CALLS[source].map(([name, ...args]) => host.call(`${source}_copy`, name, ...args))).toEqual(expected);
          } finally {
            host.unload(`${source}_copy`);
          }
          host.collect();
        });
      }

      it("gives the answers JavaScript gives where both define them", () => {
        expect(host.call("numbers_r", "show", 123.456)).toBe("123.456");
        // biome-ignore lint/suspicious/noApproximativeNumericConstant: the digits a user types, parsed, not π
        expect(host.call("numbers_r", "pf", "3.14159")).toBe(3.14159);
        expect(host.call("numbers_r", "showU64", 255n)).toBe("255 ff 11111111");
        expect(host.call("numbers_r", "dates", 951782400123n)).toMatch(/ 2000-02-29T00:00:00\.123Z /);
        expect(host.call("collections_r", "sum", new Float64Array([1, 2, 3.5]))).toBe(6.5);
        expect(host.call("strings_r", "cases", "aB")).toMatch(/^AB\|ab\|/);
        expect(host.call("strings_r", "templates", "you", 7)).toBe("hello you, n=7, n*2=14, pi=3.25, big=-1234567890123, bool=true, nested=[3]");
      });
    });
  }
}

describe("relocatable regressions (issue 10, item 4)", () => {
  async function buildOne(source: string, optimizeLevel: number, collector: string) {
    const project = await tempProject({ "p.ts": source }, { plugins: { p: { entry: "p.ts", relocatable: true } }, optimizeLevel, collector });
    await project.build();
    return project;
  }

  it("f64#toString relocates at -O3 (Binaryen folded 'table start - 2' in genDigits when optimized builds were compared)", async () => {
    const project = await buildOne("export function show(x: f64): string { return x.toString(); }\n", 3, "incremental");
    try {
      const host = await project.load();
      expect(host.call("p", "show", 1 / 3)).toBe("0.3333333333333333");
      expect(host.call("p", "show", 1e-7)).toBe("1e-7");
      // Same inputs, same bytes: a clean rebuild gives a byte-identical relocatable module.
      const wasm = await readFile(path.join(project.dir, "build", "p.wasm"));
      await project.build({ clean: true });
      expect(Buffer.compare(await readFile(path.join(project.dir, "build", "p.wasm")), wasm)).toBe(0);
    } finally {
      await project.remove();
    }
  });

  it("Float64Array#reduce relocates at -O0 with the incremental collector (its locals printed as duplicate names)", async () => {
    const project = await buildOne("export function sum(a: Float64Array): f64 { return a.reduce<f64>((acc, x) => acc + x, 0); }\n", 0, "incremental");
    try {
      const host = await project.load();
      expect(host.call("p", "sum", new Float64Array([0.5, 1.25, 2]))).toBe(3.75);
    } finally {
      await project.remove();
    }
  });

  it("still refuses, naming the function or global, an address the compiler itself folded", async () => {
    // asc folds a constant local or global at every level: `address * 2` moves by twice the
    // delta, which no relocation can express.
    const cases = [
      ['export function wide(): usize { const a: usize = changetype<usize>("an address") * 2; return a; }\n', "function p/wide"],
      ['const A: usize = changetype<usize>("an address") * 2;\nexport function wide(): usize { return A + 1; }\n', "global p/A"],
    ];
    for (const [source, where] of cases) {
      const error = await buildOne(source, 3, "incremental").then(
        (project) => project.remove().then(() => undefined),
        (e: unknown) => e as Error & { code: string },
      );
      expect(error).toMatchObject({ code: "RELOCATION_FAILED" });
      expect(error!.message).toMatch(
        new RegExp(
          `^plugin 'p' \\(p\\.ts\\) cannot be made relocatable: the constant \\d+ differs between the builds by 2097152, which is no base's delta \\(in ${where}\\)$`,
        ),
      );
    }
  });

  it("optimizes relocatable plugins with the features asc gives a linked plugin", async () => {
    let features = -1;
    class Features extends TransformBase {
      afterCompile(module: { getFeatures(): number }): void {
        features = module.getFeatures();
      }
    }
    const run = await runAsc(["numbers.ts", "--baseDir", corpus, "--noEmit", "--noColors"], [Features]);
    expect(run.error).toBeFalsy();
    expect(features).toBe(ASC_FEATURES);
  });
});
