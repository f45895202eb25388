import { fileURLToPath } from "node:url";
import { COLLECTORS, type Collector } from "@shared-rt/abi";
import { formatDiagnostic, runAsc } from "./asc/run-asc.js";
import { WrapCollectorHooks, type RuntimeFaults, type RuntimeLayout } from "./wrap-collector-hooks.js";
import { RuntimeBuildError } from "./runtime-build-error.js";
import { optimizeThreaded } from "./optimize-threaded.js";

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
  /**
   * Build the threaded runtime (src/make-runtime-threaded.ts) for this many workers: its memory
   * import is shared, its state lives in that memory, and the shadow stack holds one region of
   * `stackSize` bytes per worker (incremental collector; the minimal one has no shadow stack and
   * collects only when every worker is between calls).
   */
  threads?: number;
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
  /** Workers the threaded runtime was built for; absent for the ordinary runtime. */
  threads?: number;
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
  const threads = options.threads ?? 0;
  // With the minimal collector, collections run only when every worker is between calls (src/make-runtime-threaded-minimal.ts).
  const entry = !threads ? "index.ts" : options.collector === "minimal" ? "threaded-minimal.ts" : "threaded.ts";
  const argv = [
    entry,
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
  if (options.collector === "incremental") argv.push("--stackSize", String((options.stackSize ?? DEFAULT_STACK_SIZE) * Math.max(1, threads)));
  if (threads) argv.push("--enable", "threads", "--sharedMemory", "--maximumMemory", "65536");
  if (options.text) argv.push("--textFile", "runtime.wat");
  let layout: RuntimeLayout | undefined;
  let threadedText: string | undefined;
  const transform = class extends WrapCollectorHooks {
    static override onLayout = (l: RuntimeLayout) => {
      layout = l;
    };
    static override faults = options.faults ?? {};
    static override onThreaded = threads
      ? (text: string) => {
          threadedText = text;
        }
      : undefined;
  };
  const run = await runAsc(argv, [transform]);
  const errors = run.diagnostics.filter((d) => d.category === "error");
  if (run.error || errors.length) {
    const detail = errors.map(formatDiagnostic).join("\n") || run.stderr || String(run.error);
    throw new RuntimeBuildError("COMPILE_FAILED", `shared-rt runtime build failed:\n${detail}`);
  }
  const wasm = threadedText !== undefined ? optimizeThreaded(threadedText, options) : run.outputs.get("runtime.wasm");
  if (!(wasm instanceof Uint8Array)) throw new RuntimeBuildError("UNEXPECTED_COMPILER_OUTPUT", "shared-rt runtime build: asc emitted no runtime.wasm");
  const text = run.outputs.get("runtime.wat");
  if (!layout) throw new RuntimeBuildError("UNEXPECTED_COMPILER_OUTPUT", "shared-rt runtime build: the runtime transform did not run");
  return { wasm, ...layout, text: typeof text === "string" ? text : undefined, threads: threads || undefined };
}
