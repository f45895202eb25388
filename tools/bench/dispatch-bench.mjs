// Virtual dispatch across plugins (issue 12: "Measure"), measured side by side in one run:
//   calls: a virtual call (and a getter) across plugins vs the same call inside ONE ordinary
//          module; the known-id path (a class the caller compiled) vs the unknown-id path (a
//          subclass only another plugin knows). Each is a wasm loop of N calls exported by the
//          consumer; min and median of rounds after warm-up. Goal: cross-plugin ≤ 1.5×.
//   sizes: plugin bytes with and without the dispatch support, per shared class and per
//          virtual method (the build without it uses the noDispatch build fault).
// Run: node tools/bench/dispatch-bench.mjs [calls|sizes] [-O0|-O3]; bench.mjs imports virtualCalls.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { buildProject } from "@shared-rt/linker";
import { loadManifestFile } from "@shared-rt/runner/node";
import { fileURLToPath } from "node:url";
import { standalone, table, tempDir } from "./bench-support.mjs";
import { summarize, topTierOnly } from "./sample.mjs";

// The same project built WITHOUT dispatch support (the linker's noDispatch build fault: shared
// methods not forced virtual, stubs defaulting to the base method), for the size comparison.
const buildWithoutDispatch = (projectFile) => buildProject(projectFile, { faults: { noDispatch: true } });

const OPT = process.argv.includes("-O0") ? 0 : 3;
const N = 2_000_000;

const ANIMALS = `
export class Animal {
  feet: i32 = 4;
  speak(): i32 { return this.feet; }
  get legs(): i32 { return this.feet; }
}
export class Dog extends Animal {
  speak(): i32 { return this.feet * 2 + 1; }
}
`;
const DOGS = `
import { Animal, Dog } from "./animals";
class Puppy extends Dog {
  speak(): i32 { return this.feet * 3 + 2; }
  get legs(): i32 { return this.feet + 10; }
}
class Fish extends Animal {}
export function makePuppy(): Animal { return new Puppy(); }
export function makeFish(): Animal { return new Fish(); }
export function makeDog(): Animal { return new Dog(); }
`;
const ZOO = `
import { Animal, Dog } from "./animals";
export function makeOwnDog(): Animal { return new Dog(); }
export function speakN(a: Animal, n: i32): i32 { let t = 0; for (let i = 0; i < n; i++) t += a.speak(); return t; }
export function legsN(a: Animal, n: i32): i32 { let t = 0; for (let i = 0; i < n; i++) t += a.legs; return t; }
export function mixedN(a: Animal, b: Animal, n: i32): i32 { let t = 0; for (let i = 0; i < n; i++) t += (i & 1 ? b : a).speak(); return t; }
`;
const ONE = `export { makePuppy, makeFish, makeDog } from "./dogs";\nexport { makeOwnDog, speakN, legsN, mixedN } from "./zoo";\n`;

// [label, maker plugin, maker, loop, value per call, path in the caller]
const CASES = [
  ["speak(), Dog made by the caller", "zoo", "makeOwnDog", "speakN", 9, "known id (a case of the caller's stub)"],
  ["speak(), shared Dog made by dogs", "dogs", "makeDog", "speakN", 9, "known once ids are shared"],
  ["speak(), private Puppy of dogs", "dogs", "makePuppy", "speakN", 14, "unknown id, override in dogs"],
  ["speak(), private Fish of dogs", "dogs", "makeFish", "speakN", 4, "unknown id, inherits the base"],
  ["get legs, private Puppy of dogs", "dogs", "makePuppy", "legsN", 14, "unknown id, getter override"],
  // A call site that sees two classes: the one-module build cannot fold it to a constant.
  ["speak(), alternating shared Dog / private Puppy", "dogs", ["makeDog", "makePuppy"], "mixedN", 11.5, "known + unknown id, one site"],
];

/** ns per call of `loop(n)` over `rounds` rounds after 2 warm-up rounds (a summary); the last result. */
/** ns per call of one round of `loop` (n calls in a wasm loop), and the loop's result per call. */
function timeRound(loop, n) {
  const t = performance.now();
  const result = loop(n);
  return { ns: ((performance.now() - t) * 1e6) / n, result: result / n };
}

/**
 * `a` (one module) and `b` (across plugins) in alternating order, round by round: a change of
 * load hits both sides of each round's ratio alike.
 */
function measurePair(a, b, n, rounds) {
  const as = [];
  const bs = [];
  const ratios = [];
  let results = { a: 0, b: 0 };
  for (let r = 0; r < rounds; ++r) {
    const first = r & 1 ? timeRound(b, n) : timeRound(a, n);
    const second = r & 1 ? timeRound(a, n) : timeRound(b, n);
    const [ra, rb] = r & 1 ? [second, first] : [first, second];
    as.push(ra.ns);
    bs.push(rb.ns);
    ratios.push(rb.ns / ra.ns);
    results = { a: ra.result, b: rb.result };
  }
  return { one: { ...summarize(as), result: results.a }, plugins: { ...summarize(bs), result: results.b }, ratio: summarize(ratios) };
}

async function oneModule(files) {
  const tmp = await tempDir({ ...files, "one.ts": ONE });
  const wasm = await standalone(tmp.dir, "one.ts", "incremental", ["--exportRuntime", `-O${OPT}`]);
  await tmp.remove();
  const { instance } = await topTierOnly(() =>
    WebAssembly.instantiate(wasm, {
      env: {
        abort: () => {
          throw new Error("abort");
        },
        seed: () => 1,
      },
    }),
  );
  const x = instance.exports;
  return { object: (_plugin, maker) => x.__pin(x[maker]()), loop: (name, ptrs) => (n) => x[name](...ptrs, n) };
}

async function plugins(files) {
  const tmp = await tempDir({
    ...files,
    "shared-rt.json": JSON.stringify({ plugins: { dogs: { entry: "dogs.ts" }, zoo: { entry: "zoo.ts" } }, collector: "incremental", optimizeLevel: OPT }),
  });
  const { manifestPath } = await buildProject(path.join(tmp.dir, "shared-rt.json"));
  const host = await topTierOnly(() => loadManifestFile(manifestPath));
  await tmp.remove();
  const zoo = host.plugin("zoo").instance.exports;
  const handles = [];
  const object = (plugin, maker) => handles[handles.push(host.callOwned(plugin, maker)) - 1].ptr;
  return {
    object,
    loop: (name, ptrs) => (n) => zoo[name](...ptrs, n),
    dispose: () => {
      for (const h of handles) h.dispose();
    },
  };
}

/**
 * Every case of CASES: ns per virtual call in one ordinary module (`one`) and across plugins
 * (`plugins`), each with its result per call and the value it should be.
 */
export async function virtualCalls({ n = N, rounds = 9, warmup = 5 } = {}) {
  const files = { "animals.ts": ANIMALS, "dogs.ts": DOGS, "zoo.ts": ZOO };
  const one = await oneModule(files);
  const shared = await plugins(files);
  const cases = CASES.map(([label, plugin, maker, loop, value, pathName]) => {
    const makers = Array.isArray(maker) ? maker : [maker];
    const a = one.loop(
      loop,
      makers.map((m) => one.object(plugin, m)),
    );
    const b = shared.loop(
      loop,
      makers.map((m) => shared.object(plugin, m)),
    );
    return { label, path: pathName, value, a, b };
  });
  // Every loop of every case warmed up before any is timed: the engine tiers a hot wasm
  // function up in the background, and a case timed while its loop still ran in the baseline
  // tier read 1.5× in one run and 0.9× in the next.
  for (let w = 0; w < warmup; ++w) {
    for (const c of cases) {
      c.a(n);
      c.b(n);
    }
  }
  const out = cases.map((c) => ({ label: c.label, path: c.path, value: c.value, ...measurePair(c.a, c.b, n, rounds) }));
  shared.dispose();
  return out;
}

async function calls() {
  const rows = [];
  let known;
  for (const { label, path: pathName, value, one: a, plugins: b } of await virtualCalls()) {
    known ??= b.median;
    const right = (r) => (r === value ? "right" : `WRONG (${r} per call, want ${value})`);
    rows.push([
      label,
      pathName,
      `${a.min.toFixed(2)} / ${a.median.toFixed(2)}`,
      `${b.min.toFixed(2)} / ${b.median.toFixed(2)}`,
      (b.median / a.median).toFixed(2),
      (b.median / known).toFixed(2),
      right(a.result),
      right(b.result),
    ]);
  }
  table(
    `Virtual calls, -O${OPT}: ns per call (min / median of 9 rounds of ${N} calls in a wasm loop, after 2 warm-up rounds)`,
    ["call", "path in the plugins", "one module", "plugins", "plugins / one module", "vs known id", "one module", "plugins"],
    rows,
  );
  console.log("\nGoal: plugins / one module <= 1.5. A WRONG result means the base method ran (no dispatch support).");
}

/** Shared file with `classes` bases of `methods` methods each; `impl` overrides them all privately, `user` calls them all. */
function generated(classes, methods) {
  const bases = [];
  const subs = [];
  const uses = [];
  for (let c = 0; c < classes; ++c) {
    const ms = Array.from({ length: methods }, (_, m) => `  m${m}(x: i32): i32 { return x + ${c * 100 + m}; }`);
    bases.push(`export class Base${c} {\n${ms.join("\n")}\n}`);
    const os = Array.from({ length: methods }, (_, m) => `  m${m}(x: i32): i32 { return x * ${m + 2} - ${c}; }`);
    subs.push(`class Impl${c} extends Base${c} {\n${os.join("\n")}\n}\nexport function make${c}(): Base${c} { return new Impl${c}(); }`);
    const calls = Array.from({ length: methods }, (_, m) => `b.m${m}(x)`).join(" + ");
    uses.push(`export function use${c}(b: Base${c}, x: i32): i32 { return ${calls}; }`);
  }
  const imports = Array.from({ length: classes }, (_, c) => `Base${c}`).join(", ");
  return {
    "shared.ts": `${bases.join("\n")}\n`,
    "impl.ts": `import { ${imports} } from "./shared";\n${subs.join("\n")}\n`,
    "user.ts": `import { ${imports} } from "./shared";\n${uses.join("\n")}\n`,
  };
}

async function pluginBytes(classes, methods, build) {
  const project = { plugins: { impl: { entry: "impl.ts" }, user: { entry: "user.ts" } }, collector: "incremental", optimizeLevel: OPT };
  const tmp = await tempDir({ ...generated(classes, methods), "shared-rt.json": JSON.stringify(project) });
  const { manifestPath } = await build(path.join(tmp.dir, "shared-rt.json"));
  const size = async (name) => (await readFile(path.join(path.dirname(manifestPath), `${name}.wasm`))).length;
  const bytes = { impl: await size("impl"), user: await size("user") };
  await tmp.remove();
  return bytes;
}

async function sizes() {
  const configs = [
    [4, 4],
    [8, 4],
    [4, 8],
  ];
  const rows = [];
  const delta = new Map();
  for (const [c, m] of configs) {
    const withIt = await pluginBytes(c, m, (file) => buildProject(file));
    const without = buildWithoutDispatch ? await pluginBytes(c, m, buildWithoutDispatch) : null;
    const total = withIt.impl + withIt.user;
    const base = without ? without.impl + without.user : null;
    delta.set(`${c}x${m}`, base === null ? null : total - base);
    rows.push([`${c} classes x ${m} methods`, withIt.impl, withIt.user, total, base ?? "n/a", base === null ? "n/a" : total - base]);
  }
  table(
    `Plugin size in bytes, -O${OPT}: 'impl' overrides every method of every shared class privately, 'user' calls each through the base`,
    ["shared classes", "impl", "user", "impl + user", "without dispatch", "dispatch support"],
    rows,
  );
  const d = (k) => delta.get(k);
  if (d("4x4") === null) {
    console.log("\nbytes per shared class / per virtual method: no build without dispatch support.");
    return;
  }
  console.log(`\nbytes per shared class (of 4 methods): ${((d("8x4") - d("4x4")) / 4).toFixed(0)}`);
  console.log(`bytes per virtual method: ${((d("4x8") - d("4x4")) / 16).toFixed(0)}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const only = process.argv.slice(2).find((a) => !a.startsWith("-"));
  if (!only || only === "calls") await calls();
  if (!only || only === "sizes") await sizes();
}
