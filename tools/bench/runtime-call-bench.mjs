// Why allocation in a plugin is slower than with the embedded runtime: every `__new` and every
// write barrier (`__link`) a plugin runs is a call into the runtime instance, which the
// optimizer cannot inline. Measured per call, side by side with the same loop in one module
// (where binaryen inlines `__link`'s "nothing to do" case). Exported for bench.mjs.
import { abortImport, sharedProject, standalone, tempDir } from "./bench-support.mjs";
import { pair } from "./sample.mjs";

// `links`: a write barrier with nothing to do (null child), the common case of a store.
// `news`: one small object per iteration.
const PLUGIN = `
// @ts-ignore: decorator
@external("~rt", "__link") declare function link(parent: usize, child: usize, multiple: bool): void;
export function links(n: i32): i32 { for (let i = 0; i < n; ++i) link(0, 0, false); return n; }
class Cell { constructor(public a: i32) {} }
export function news(n: i32): i32 { let s = 0; for (let i = 0; i < n; ++i) s += new Cell(i).a; return s; }
`;
const ONE_MODULE = `
export function links(n: i32): i32 { for (let i = 0; i < n; ++i) __link(0, 0, false); return n; }
class Cell { constructor(public a: i32) {} }
export function news(n: i32): i32 { let s = 0; for (let i = 0; i < n; ++i) s += new Cell(i).a; return s; }
`;

/** ns per `__link` (nothing to do) and per `__new` of a small object: plugin vs one module, per collector. */
export async function runtimeCalls(collector, { n = 1_000_000, runs = 15, warmup = 3 } = {}) {
  const shared = await sharedProject({ "calls.ts": PLUGIN }, { calls: { entry: "calls.ts" } }, { collector });
  const tmp = await tempDir({ "calls.ts": ONE_MODULE });
  const wasm = await standalone(tmp.dir, "calls.ts", collector, ["--exportRuntime"]);
  const own = new WebAssembly.Instance(new WebAssembly.Module(wasm), { env: abortImport }).exports;
  const plugin = shared.host.plugin("calls").instance.exports;
  const out = {};
  for (const loop of ["links", "news"]) {
    // With minimal, nothing collects during a call: collect between rounds, untimed, on both sides.
    const settleHeaps = async () => {
      shared.host.collect();
      own.__collect();
    };
    out[loop] = await pair(
      () => plugin[loop](n),
      () => own[loop](n),
      { runs, warmup, setupA: settleHeaps, setupB: settleHeaps },
    );
  }
  await shared.tmp.remove();
  await tmp.remove();
  return { n, ...out };
}
