import { fileURLToPath } from "node:url";
import { COLLECTORS, type Collector } from "@shared-rt/abi";
import { formatDiagnostic, runAsc } from "./asc/run-asc.js";
import { WrapCollectorHooks, type RuntimeFaults, type RuntimeLayout } from "./wrap-collector-hooks.js";
import { RuntimeBuildError } from "./runtime-build-error.js";

export interface RuntimeBuildOptions {
  collector: Collector;
  /** Where the runtime's static data starts: above every linked plugin's static data. */
  memoryBase: number;
  /** First table slot of the runtime's own function table entries. */
  tableBase: number;
  /** Bytes of the one shadow stack all plugins share (incremental collector only). */
  stackSize?: number;
  optimizeLevel?: number;
  shrinkLevel?: number;
  /** Also emit the text format (for fixtures and debugging). */
  text?: boolean;
  /** Deliberate faults, for tests only. */
  faults?: RuntimeFaults;
}

export interface RuntimeBuild {
  wasm: Uint8Array;
  /** End of the runtime's static data: the limit of the shared shadow stack. */
  dataEnd: number;
  /** Start of the heap: top of the shared shadow stack; everything below is static. */
  heapBase: number;
  /** Table slots the runtime's own functions occupy. */
  tableSize: number;
  text?: string;
}

/** Default size of the shared shadow stack: AssemblyScript's own default for one module. */
export const DEFAULT_STACK_SIZE = 32768;

/** Directory of the runtime's AssemblyScript sources (shipped with the package). */
export const runtimeSourceDir = fileURLToPath(new URL("../assembly/", import.meta.url));

/**
 * Compiles the shared runtime: AssemblyScript's TLSF allocator and the chosen collector from
 * the assemblyscript package, plus the plugin registry of assembly/index.ts, with the
 * collector hooks wrapped so that every registered plugin is served.
 */
export async function buildRuntime(options: RuntimeBuildOptions): Promise<RuntimeBuild> {
  if (!COLLECTORS.includes(options.collector)) {
    throw new RuntimeBuildError("BAD_OPTIONS", `shared-rt runtime build: unknown collector '${options.collector}', expected one of ${COLLECTORS.join(", ")}`);
  }
  const argv = [
    "index.ts",
    "--baseDir",
    runtimeSourceDir,
    "--runtime",
    options.collector,
    "--exportRuntime",
    "--importMemory",
    "--importTable",
    "--memoryBase",
    String(options.memoryBase),
    "--tableBase",
    String(options.tableBase),
    "--optimizeLevel",
    String(options.optimizeLevel ?? 3),
    "--shrinkLevel",
    String(options.shrinkLevel ?? 0),
    "--noColors",
    "--outFile",
    "runtime.wasm",
  ];
  if (options.collector === "incremental") argv.push("--stackSize", String(options.stackSize ?? DEFAULT_STACK_SIZE));
  if (options.text) argv.push("--textFile", "runtime.wat");
  let layout: RuntimeLayout | undefined;
  const transform = class extends WrapCollectorHooks {
    static override onLayout = (l: RuntimeLayout) => {
      layout = l;
    };
    static override faults = options.faults ?? {};
  };
  const run = await runAsc(argv, [transform]);
  const errors = run.diagnostics.filter((d) => d.category === "error");
  if (run.error || errors.length) {
    const detail = errors.map(formatDiagnostic).join("\n") || run.stderr || String(run.error);
    throw new RuntimeBuildError("COMPILE_FAILED", `shared-rt runtime build failed:\n${detail}`);
  }
  const wasm = run.outputs.get("runtime.wasm");
  if (!(wasm instanceof Uint8Array)) throw new RuntimeBuildError("UNEXPECTED_COMPILER_OUTPUT", "shared-rt runtime build: asc emitted no runtime.wasm");
  const text = run.outputs.get("runtime.wat");
  if (!layout) throw new RuntimeBuildError("UNEXPECTED_COMPILER_OUTPUT", "shared-rt runtime build: the runtime transform did not run");
  return { wasm, ...layout, text: typeof text === "string" ? text : undefined };
}
