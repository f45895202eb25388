import { DELTAS, LAYOUT_SECTION, RELOCATION_BASES, decodeLayout, type Collector, type PluginLayout } from "@shared-rt/abi";
import { formatDiagnostic, runAsc, type AscDiagnostic } from "@shared-rt/runtime/asc";
import SharedInit, { relocateAndOptimize, type RelocationReport } from "shared-init";
import { NO_ASC_CONFIG } from "./asc-config.js";
import { LinkError } from "./errors.js";
import { relativePath } from "./project.js";
import { ReuseLibraryParse } from "./reuse-library-parse.js";

export interface PluginCompileOptions {
  name: string;
  entry: string;
  /** Directory paths in diagnostics are relative to (the project's). */
  baseDir: string;
  collector: Collector;
  memoryBase: number;
  tableBase: number;
  classIdBase: number;
  /** Directories whose classes are private to the plugin (project-relative), besides its entry file's. */
  privateDirs?: string[];
  /** The project's shared class ids so far (canonical name → id). */
  sharedClassIds?: Record<string, number>;
  /** Relocatable builds: placeholder shared ids from this base instead of registry ids. */
  sharedClassBase?: number;
  optimizeLevel: number;
  shrinkLevel: number;
  /** Deliberate faults, for tests only. */
  faults?: { ownStack?: boolean; noOwnerStubs?: boolean; noDispatch?: boolean };
  /** Keep function names in the output (the relocatable builds use them to point at a function). */
  debugNames?: boolean;
  /** Further asc transforms (package names or paths, resolved from the project directory). */
  transforms?: string[];
  /**
   * A plugin of a threaded project: compiled with asc's threads feature, so that its code may use
   * asc's atomic builtins. Its memory import stays unshared (atomics validate on it; the runner
   * declares it shared when a worker loads it). Unset: the bytes of a project without threads.
   */
  threads?: boolean;
}

export interface CompiledPlugin {
  name: string;
  wasm: Uint8Array;
  layout: PluginLayout;
  imports: WebAssembly.ModuleImportDescriptor[];
  exports: WebAssembly.ModuleExportDescriptor[];
  diagnostics: AscDiagnostic[];
  /** Every file the compiler asked for, with its text (null where it did not exist). */
  filesRead: Map<string, string | null>;
}

/** Compiles one plugin with asc and the shared-init transform at the given bases. */
export async function compilePlugin(options: PluginCompileOptions): Promise<CompiledPlugin> {
  const built = await buildPlugin(options);
  return { ...describeModule(options.name, built.wasm), diagnostics: built.diagnostics, filesRead: built.filesRead };
}

/**
 * The asc run of compilePlugin, without reading the module back (compiling it with
 * WebAssembly.Module), which a relocation build does not need: only its bytes are diffed.
 */
export async function buildPlugin(options: PluginCompileOptions): Promise<Pick<CompiledPlugin, "wasm" | "diagnostics" | "filesRead">> {
  const entry = relativePath(options.baseDir, options.entry);
  const argv = [
    entry,
    "--baseDir",
    options.baseDir,
    "--runtime",
    options.collector,
    "--memoryBase",
    String(options.memoryBase),
    "--tableBase",
    String(options.tableBase),
    "--optimizeLevel",
    String(options.optimizeLevel),
    "--shrinkLevel",
    String(options.shrinkLevel),
    "--noColors",
    // No asconfig.json: the project file holds the options (asc-config.ts says why).
    "--config",
    NO_ASC_CONFIG,
    // A linked plugin's slot is zero in a fresh memory, so the optimizer may drop zero runs from its
    // data. asc honours --zeroFilledMemory only with --importMemory on its own command line.
    "--importMemory",
    "--zeroFilledMemory",
    "--outFile",
    "plugin.wasm",
  ];
  if (options.debugNames) argv.push("--debug");
  if (options.threads) argv.push("--enable", "threads");
  for (const transform of options.transforms ?? []) argv.push("--transform", transform);
  const run = await runAsc(argv, [
    SharedInit.configure({
      classIdBase: options.classIdBase,
      privateDirs: options.privateDirs ?? [],
      sharedClassIds: options.sharedClassIds ?? {},
      sharedClassBase: options.sharedClassBase,
      faults: options.faults,
    }),
    // Further transforms may rewrite library code, so their builds parse it afresh.
    ...(options.transforms?.length ? [] : [ReuseLibraryParse]),
  ]);
  // Only errors fail the build, as with asc itself; warnings travel with the result.
  const errors = run.diagnostics.filter((d) => d.category === "error");
  if (errors.length || run.error) {
    const detail = errors.length ? errors.map(formatDiagnostic).join("\n") : (run.error?.message ?? run.stderr);
    throw new LinkError("COMPILE_FAILED", `plugin '${options.name}' (${entry}) failed to compile:\n${detail}`, { diagnostics: run.diagnostics });
  }
  const wasm = run.outputs.get("plugin.wasm");
  if (!(wasm instanceof Uint8Array)) throw new LinkError("COMPILE_FAILED", `plugin '${options.name}': asc emitted no wasm`);
  return { wasm, diagnostics: run.diagnostics, filesRead: run.filesRead };
}

/**
 * Reads what the linker needs from a compiled plugin; refuses a module without a layout. `file`
 * (project-relative) names a prebuilt plugin's .wasm in the messages.
 */
export function describeModule(name: string, wasm: Uint8Array, file?: string): Pick<CompiledPlugin, "name" | "wasm" | "layout" | "imports" | "exports"> {
  const which = file === undefined ? `plugin '${name}'` : `plugin '${name}' (${file})`;
  let module: WebAssembly.Module;
  try {
    module = new WebAssembly.Module(wasm as Uint8Array<ArrayBuffer>);
  } catch (error) {
    throw new LinkError("NOT_A_PLUGIN", `${which} is not a WebAssembly module: ${(error as Error).message}`, { cause: error });
  }
  const sections = WebAssembly.Module.customSections(module, LAYOUT_SECTION);
  if (sections.length !== 1) {
    throw new LinkError("NOT_A_PLUGIN", `${which} was not built with the shared-init transform: its module has no ${LAYOUT_SECTION} section`);
  }
  return {
    name,
    wasm,
    layout: decodeLayout(sections[0]),
    imports: WebAssembly.Module.imports(module),
    exports: WebAssembly.Module.exports(module),
  };
}

/**
 * Compiles a relocatable plugin: twice, at two sets of bases, then keeps what moved by exactly
 * a base's delta as a relocation (shared-init's makeRelocatable explains why that is exact).
 * Both builds are unoptimized: the optimizer folds address arithmetic into constants that are
 * no static object's address. The relocated module is then optimized at the project's levels
 * (shared-init's relocateAndOptimize, which the asc command line's relocatable mode uses too).
 */
export async function compileRelocatable(options: RelocatableOptions): Promise<CompiledPlugin & { relocation: RelocationReport }> {
  const first = await compilePlugin(relocationBuild(options, 0));
  const second = await compilePlugin(relocationBuild(options, 1));
  return relocateBuilds(options, first, second);
}

export type RelocatableOptions = Omit<PluginCompileOptions, "memoryBase" | "tableBase" | "classIdBase" | "sharedClassIds" | "sharedClassBase">;

/** The options of a relocatable plugin's first (0) or second (1) build: unoptimized, at RELOCATION_BASES (+ DELTAS). */
export function relocationBuild(options: RelocatableOptions, which: 0 | 1): PluginCompileOptions {
  return {
    ...options,
    debugNames: true,
    optimizeLevel: 0,
    shrinkLevel: 0,
    memoryBase: RELOCATION_BASES.memory + which * DELTAS.memory,
    tableBase: RELOCATION_BASES.table + which * DELTAS.table,
    classIdBase: RELOCATION_BASES.classes + which * DELTAS.classes,
    sharedClassBase: RELOCATION_BASES.shared + which * DELTAS.shared,
  };
}

/** The relocatable plugin made from its two builds, optimized at `options`' levels. */
export function relocateBuilds(
  options: RelocatableOptions,
  first: Pick<CompiledPlugin, "wasm" | "diagnostics" | "filesRead">,
  second: Pick<CompiledPlugin, "wasm">,
): CompiledPlugin & { relocation: RelocationReport } {
  const made = relocatedModule(options, first.wasm, second.wasm);
  return { ...describeModule(options.name, made.wasm), diagnostics: first.diagnostics, filesRead: first.filesRead, relocation: made.report };
}

/** relocateBuilds' module and report only (an object in the making needs no more). */
export function relocatedModule(options: RelocatableOptions, first: Uint8Array, second: Uint8Array): { wasm: Uint8Array; report: RelocationReport } {
  const file = relativePath(options.baseDir, options.entry);
  try {
    const levels = { optimize: options.optimizeLevel, shrink: options.shrinkLevel, ...(options.threads ? { atomics: true } : {}) };
    return relocateAndOptimize(options.name, first, second, levels, file);
  } catch (error) {
    throw new LinkError("RELOCATION_FAILED", (error as Error).message, { cause: error });
  }
}

/** A linked plugin as shipped (without its layout section), with the layout it was built with. */
export function describeShipped(
  name: string,
  wasm: Uint8Array,
  layout: PluginLayout,
): Pick<CompiledPlugin, "name" | "wasm" | "layout" | "imports" | "exports"> {
  const module = new WebAssembly.Module(wasm as Uint8Array<ArrayBuffer>);
  return { name, wasm, layout, imports: WebAssembly.Module.imports(module), exports: WebAssembly.Module.exports(module) };
}
