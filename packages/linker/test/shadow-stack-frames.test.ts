import { readFile } from "node:fs/promises";
import path from "node:path";
import binaryen from "assemblyscript/binaryen";
import { RUNTIME_GLOBAL_NAMES, RUNTIME_NAMESPACE } from "@shared-rt/abi";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SharedHost } from "@shared-rt/runner";
import { tempProject, type TempProject } from "../src/testing.js";

// A plugin's shadow-stack frames after the link step's rewrite (shared-init's
// outline-shadow-stack.ts): inlined callees share their caller's frame, reserved and zeroed by
// one `~enter`. Objects held only in those frames — in a loop, across helpers the optimizer
// inlines — must survive collections forced in the middle, and the memory they would free is
// churned so that a lost root shows as a wrong value. Linked and relocatable, at -O3.
const source = `
class Box { constructor(public v: i32, public s: string) {} }
let garbage: string = "";
function make(i: i32): Box { return new Box(i, "b" + i.toString()); }
function bad(b: Box, i: i32): i32 { return b.v == i && b.s == "b" + i.toString() ? 0 : 1; }
function churn(k: i32): void { for (let j = 0; j < k; ++j) garbage = "g" + j.toString() + garbage.slice(0, 8); }
export function run(n: i32, collectEvery: i32): i32 {
  let errors = 0;
  for (let i = 0; i < n; ++i) {
    const a = make(i);
    const list = new Array<Box>();
    list.push(make(i + 1));
    if (i % collectEvery == 0) __collect();
    churn(4);
    const c = make(i + 2);
    if (i % collectEvery == 1) __collect();
    churn(4);
    errors += bad(a, i) + bad(list[0], i + 1) + bad(c, i + 2);
  }
  return errors;
}
`;

/** Functions of the module that write the shadow-stack pointer. */
function functionsMovingSp(wasm: Uint8Array): number {
  const module = binaryen.readBinary(wasm);
  try {
    const text = module.emitText();
    const sp = new RegExp(`\\(import "${RUNTIME_NAMESPACE}" "${RUNTIME_GLOBAL_NAMES.stackPointer}" \\(global (\\S+)`).exec(text)?.[1];
    expect(sp).toBeDefined();
    return text.split("\n (func ").filter((f) => f.includes(`(global.set ${sp}\n`)).length;
  } finally {
    module.dispose();
  }
}

describe("shadow-stack frames rewritten at link (incremental, -O3)", () => {
  let project: TempProject;
  let host: SharedHost;
  beforeAll(async () => {
    project = await tempProject(
      { "linked.ts": source, "reloc.ts": source },
      { plugins: { linked: { entry: "linked.ts" }, reloc: { entry: "reloc.ts", relocatable: true } }, collector: "incremental", optimizeLevel: 3 },
    );
    await project.build();
    host = await project.load();
  });
  afterAll(() => project.remove());

  for (const name of ["linked", "reloc"]) {
    it(`${name}: only ~enter and ~leave move the stack pointer`, async () => {
      const wasm = new Uint8Array(await readFile(path.join(project.dir, "build", `${name}.wasm`)));
      expect(functionsMovingSp(wasm)).toBe(2);
    });

    it(`${name}: objects held only in frames survive forced collections`, () => {
      expect(host.call(name, "run", 400, 3)).toBe(0);
      for (let i = 0; i < 5; ++i) host.collect();
      expect(host.call(name, "run", 200, 2)).toBe(0);
    });
  }
});
