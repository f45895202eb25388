import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempProject, type TempProject } from "../src/testing.js";
import { shared } from "./run-cli.js";

// `shared-rt run` as a user types it: results as JSON (strings as text), --json, JSON arguments
// where an array, Set or Map is taken, negative numbers without `--`, dotted plugin names.
const words = `
export function split(text: string): string[] { return text.split(" "); }
export function join(parts: string[]): string { return parts.join("+"); }
export function sum(values: Array<i32>): i32 { let s = 0; for (let i = 0; i < values.length; ++i) s += values[i]; return s; }
export function counts(text: string): Map<string, i32> {
  const m = new Map<string, i32>();
  const parts = text.split(" ");
  for (let i = 0; i < parts.length; ++i) m.set(parts[i], m.has(parts[i]) ? m.get(parts[i]) + 1 : 1);
  return m;
}
export function squares(n: i32): Map<i32, i32> { const m = new Map<i32, i32>(); for (let i = 1; i <= n; ++i) m.set(i, i * i); return m; }
export function total(m: Map<string, i32>): i32 { let s = 0; const v = m.values(); for (let i = 0; i < v.length; ++i) s += v[i]; return s; }
export function big(x: i64): i64 { return x * 2; }
export function neg(x: i32): i32 { return -x; }
export function half(x: f64): f64 { return x / 2; }
export function greet(name: string): string { return "hi " + name; }
export function nothing(): void {}
export function yes(): bool { return true; }
`;

describe("shared-rt run: values", () => {
  let project: TempProject;
  beforeAll(async () => {
    project = await tempProject(
      { "words.ts": words, "dotted.ts": "export function answer(): i32 { return 42; }\n" },
      { plugins: { words: { entry: "words.ts" }, "acme.dotted": { entry: "dotted.ts" } }, optimizeLevel: 0 },
    );
    const built = await shared(["build"], project.dir);
    expect(built.code).toBe(0);
  });
  afterAll(() => project.remove());
  const run = (...args: string[]) => shared(["run", ...args], project.dir);

  it("prints arrays and Maps as JSON, strings as text, scalars as before", async () => {
    expect(await run("words.split", "a,b c")).toMatchObject({ code: 0, stdout: '["a,b","c"]\n' });
    expect((await run("words.counts", "a b a")).stdout).toBe('{"a":2,"b":1}\n');
    expect((await run("words.squares", "3")).stdout).toBe("[[1,1],[2,4],[3,9]]\n");
    expect((await run("words.greet", "you")).stdout).toBe("hi you\n");
    expect((await run("words.yes")).stdout).toBe("true\n");
    expect((await run("words.big", "4611686018427387903")).stdout).toBe("9223372036854775806\n");
    expect((await run("words.nothing")).stdout).toBe("");
  });

  it("prints one JSON value with --json, whatever the result", async () => {
    expect((await run("words.greet", "you", "--json")).stdout).toBe('"hi you"\n');
    expect((await run("--json", "words.split", "a b")).stdout).toBe('["a","b"]\n');
    expect((await run("words.nothing", "--json")).stdout).toBe("null\n");
    expect((await run("words.half", "3", "--json")).stdout).toBe("1.5\n");
  });

  it("takes JSON for array and Map parameters", async () => {
    expect((await run("words.join", '["a","b"]')).stdout).toBe("a+b\n");
    expect((await run("words.sum", "[1,2,-3,10]")).stdout).toBe("10\n");
    expect((await run("words.total", '{"x":1,"y":41}')).stdout).toBe("42\n");
    expect((await run("words.total", '[["x",1],["y",2]]')).stdout).toBe("3\n");
    // Not JSON: the text reaches the runner, which names the parameter and its type.
    const bad = await run("words.join", "a,b");
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe('shared-rt: argument 1 of words.join is Array<string>: expected an array or an owned Array<string>, found "a,b"\n');
  });

  it("takes negative numbers without --", async () => {
    expect(await run("words.neg", "-5")).toMatchObject({ code: 0, stdout: "5\n" });
    expect((await run("words.half", "-0.5")).stdout).toBe("-0.25\n");
    expect((await run("words.half", "-1e3")).stdout).toBe("-500\n");
    expect((await run("words.big", "-3")).stdout).toBe("-6\n");
    expect((await run("words.greet", "-5")).stdout).toBe("hi -5\n");
    expect((await run("words.neg", "--", "-7")).stdout).toBe("7\n");
  });

  it("documents all of it in --help", async () => {
    const help = await run("--help");
    expect(help.stdout).toMatch(/^Usage: shared-rt run \[<plugin>\.<export> \[args…\]\] \[-p <file>\] \[--json\]\n/);
    expect(help.stdout).toContain("      --json            print the result as one JSON value, always (a string quoted, void as null)\n");
    expect(help.stdout).toContain('(\'["a","b"]\', \'{"x":1}\')');
  });

  it("calls a plugin whose name holds a dot (the target splits at the last dot)", async () => {
    expect(await run("acme.dotted.answer")).toMatchObject({ code: 0, stdout: "42\n" });
    const bad = await run("acme.dotted.");
    expect(bad.stderr).toBe("shared-rt: expected <plugin>.<export>, found 'acme.dotted.'\n");
  });
});
