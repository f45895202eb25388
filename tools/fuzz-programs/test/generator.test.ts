// The generator is deterministic per seed and splits programs so that imports point down; the
// reducer shrinks a program while a check still says it diverges. No compiler here: fast.
import { describe, expect, it } from "vitest";
import { oneModuleSources, splitSources } from "../src/emit.mjs";
import { CONFIGS, generateProgram } from "../src/program.mjs";
import { prune, reduce } from "../src/reduce.mjs";

describe("generator", () => {
  it("gives the same sources for the same seed, and different ones for another", () => {
    const a = splitSources(generateProgram(7, CONFIGS[0])).files;
    const b = splitSources(generateProgram(7, CONFIGS[0])).files;
    const c = splitSources(generateProgram(8, CONFIGS[0])).files;
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it("splits into 2-4 plugins whose imports point to lower plugins only (no cycles), same files both ways", () => {
    for (let seed = 1; seed <= 200; seed++) {
      const program = generateProgram(seed, CONFIGS[seed % CONFIGS.length]);
      expect(program.pluginCount).toBeGreaterThanOrEqual(2);
      expect(program.pluginCount).toBeLessThanOrEqual(4);
      const { files, plugins } = splitSources(program);
      for (const [i, p] of plugins.entries()) {
        for (const [, owner] of files[`plugins/${p}.ts`].matchAll(/@external\("(p\d)"/g)) expect(Number(owner.slice(1))).toBeLessThan(i);
      }
      const one = oneModuleSources(program);
      expect(one["main.ts"]).toContain("export * from");
      expect(
        Object.keys(one)
          .filter((f) => f !== "main.ts")
          .sort(),
      ).toEqual(Object.keys(files).sort());
      expect(Object.values(one).join("\n")).not.toContain('@external("p');
    }
  });

  it("names every class in the one-module entry before any plugin (asc folds instanceof <interface> otherwise)", () => {
    for (let seed = 1; seed <= 50; seed++) {
      const program = generateProgram(seed, CONFIGS[0]);
      const main = oneModuleSources(program)["main.ts"];
      const touch = main.indexOf("touchEveryClass");
      expect(touch).toBeGreaterThan(-1);
      expect(touch).toBeLessThan(main.indexOf("export * from"));
      for (const c of program.classes) expect(main).toContain(`new ${c.name}(`);
      for (const it of program.items.filter((x) => x.kind === "class" || x.kind === "shape")) expect(main).toContain(`${it.exports[0].name}(`);
    }
  });
});

describe("reducer", () => {
  it("keeps only what a divergence needs: one step, one statement, the items it uses", async () => {
    const program = generateProgram(3, CONFIGS[0]);
    const marker = program.steps.flatMap((s) => s.stmts).find((s) => s.uses.length > 0) ?? program.steps[0].stmts[0];
    // A stand-in for "still diverges": the marked statement is still there.
    const check = async (p: typeof program) =>
      p.steps.some((s) => s.stmts.some((x) => x.text === marker.text)) ? { outcome: "divergence", kind: "output" } : { outcome: "agree" };
    const { program: small } = await reduce(program, { outcome: "divergence", kind: "output" }, { budget: 500, check });
    expect(small.steps).toHaveLength(1);
    expect(small.steps[0].stmts.map((s) => s.text)).toEqual([marker.text]);
    expect(small.items).toEqual(prune(structuredClone(small)).items);
    expect(small.pluginCount).toBe(1);
  });
});
