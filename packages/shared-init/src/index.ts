import type binaryenNs from "assemblyscript/binaryen";
import {
  ABI_VERSION,
  ENV_NAMESPACE,
  FIRST_PLUGIN_CLASS_ID,
  LAYOUT_SECTION,
  PLUGIN_EXPORTS,
  RUNTIME_NAMESPACE,
  SHARED_EXPORT_PREFIX,
  compilerName,
  encodeLayout,
  type Collector,
  type PluginLayout,
} from "@shared-rt/abi";
import { version as ascVersion } from "assemblyscript/asc";
import { TransformBase, elementSegmentsSize, globalInitValue } from "@shared-rt/runtime/asc";
import { PluginClassIds, privateFiles } from "./assign-class-ids.js";
import { sharedClassesOption, privateDirsOption } from "./shared-class-options.js";
import { bindSharedRuntime, runtimeImportsOf } from "./bind-shared-runtime.js";
import { classLayouts, type LayoutClass } from "./class-layouts.js";
import { DispatchSupport } from "./dispatch-support.js";
import { checkStackWithoutMessage } from "./stack-check.js";
import { refuseBlockingWait } from "./blocking-wait.js";
import { declareRuntimeImports, HOOK_ONLY_EXPORTS, HOOKS_PATH, hooksSource, VISITOR_HOOKS } from "./declare-runtime-imports.js";
import { addExportWasmTypes, basesOfClasses, exportSignatures, importSignatures, type CompilerClass, type CompilerProgram } from "./export-signatures.js";
import { exportVarargs } from "./export-varargs.js";
import { rewriteVisitMembers } from "./rewrite-visit-members.js";
import { deliverProbe, relocatableByDefault, relocatableSetting, relocateWithSecondBuild, relocationBases } from "./relocate-in-asc.js";
import type { CompilerClass as DispatchClass } from "./shared-classes.js";
import { SharedInitError } from "./shared-init-error.js";
import { sharedGlobals } from "./shared-globals.js";

// The contracts this package writes are @shared-rt/abi's; re-exported for existing importers.
export type { ClassLayouts, PluginLayout, ExportSignature, RelocatableLayout, StaticBlock, DataRelocation } from "@shared-rt/abi";
export { decodeLayout, encodeLayout, VARARGS_EXPORT_PREFIX, DELTAS, RELOCATION_BASES, LOAD_NAMESPACE, STATICS_SECTION } from "@shared-rt/abi";
export { makeRelocatable } from "./make-relocatable.js";
export { customSection } from "./custom-section.js";
export { SharedInitError, RelocationError, type SharedInitErrorCode } from "./shared-init-error.js";
export type { RelocationReport } from "./make-relocatable.js";
export { relocateAndOptimize, optimizeRelocatable, withFreshSettings, ASC_FEATURES, pluginFeatures, type OptimizeLevels } from "./relocate-and-optimize.js";

type Module = binaryenNs.Module;

export interface SharedInitOptions {
  /** First class id of the plugin's private classes. Default: env SHARED_INIT_CLASS_BASE, else 2048. */
  classIdBase?: number;
  /**
   * Directories (asc's internal paths, relative to --baseDir: `plugins/dogs`) whose classes are
   * private to the plugin, besides those of its entry file; every other class is shared. Default:
   * env SHARED_INIT_PRIVATE_DIRS (comma-separated), else none.
   */
  privateDirs?: string[];
  /**
   * The project's shared class ids so far (canonical name → id): a shared class named here gets
   * that id, a new one the next after the highest. Default: the JSON file named by env
   * SHARED_INIT_SHARED_CLASSES, else none (the first shared class gets 32).
   */
  sharedClassIds?: Record<string, number>;
  /**
   * Relocatable builds only: the k-th shared class gets `sharedClassBase + k` (a placeholder the
   * host maps to the project's id at load) instead of a registry id.
   */
  sharedClassBase?: number;
  /**
   * Build a relocatable plugin (no data at fixed addresses). From the asc command line, the
   * default when no base is chosen (no --memoryBase, --tableBase or SHARED_INIT_CLASS_BASE);
   * SHARED_INIT_RELOCATABLE=1 or 0 says so explicitly. A configured transform (`configure()`)
   * is fixed-base unless this or SHARED_INIT_RELOCATABLE=1 says otherwise. (The linker builds
   * relocatable plugins its own way.)
   */
  relocatable?: boolean;
  /** Deliberate faults, for tests that prove the GC stress suite catches them. */
  faults?: {
    /** Keep the plugin's own shadow stack instead of the runtime's (its frames go unscanned). */
    ownStack?: boolean;
    /** Build no stubs for methods the plugin never calls: another plugin's call of its overrides then traps. */
    noOwnerStubs?: boolean;
    /** No dispatch support at all (stubs keep the base method as their default): for measuring its size only. */
    noDispatch?: boolean;
  };
}

/** Compiler options this transform reads or sets (fields of AssemblyScript's `Options`). */
interface CompilerOptions {
  importMemory: boolean;
  exportMemory: boolean;
  importTable: boolean;
  exportStart: string | null;
  exportRuntime: boolean;
  memoryBase: number;
  tableBase: number;
}

interface Source {
  normalizedPath: string;
}

const LIBRARY_RUNTIMES: Record<string, Collector | "stub"> = {
  "~lib/rt/index-incremental.ts": "incremental",
  "~lib/rt/index-minimal.ts": "minimal",
  "~lib/rt/index-stub.ts": "stub",
};

/** Exports asc's --exportRuntime adds; removed again unless the user asked for them. */
const ASC_RUNTIME_EXPORTS = ["__new", "__pin", "__unpin", "__collect", "__rtti_base"];

const RTTI_BASE = "~lib/rt/__rtti_base";

/** asc's SourceKind.UserEntry (a `const enum` in its typings). */
const SOURCE_KIND_USER_ENTRY = 1;

/** Marks a program the transform already ran on, so that listing it twice is harmless. */
const APPLIED = Symbol.for("shared-init.applied");

function envClassBase(): number | undefined {
  const raw = typeof process !== "undefined" ? process.env.SHARED_INIT_CLASS_BASE : undefined;
  if (raw === undefined || raw === "") return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < FIRST_PLUGIN_CLASS_ID) {
    throw new SharedInitError("BAD_CLASS_BASE", `shared-init: SHARED_INIT_CLASS_BASE must be an integer >= ${FIRST_PLUGIN_CLASS_ID}, found '${raw}'`);
  }
  return value;
}

/**
 * `asc --transform shared-init`: makes the module a plugin of the shared runtime.
 *
 * The module is compiled as an ordinary AssemblyScript program with the stock runtime
 * (`--runtime incremental`, the default, or `minimal`), so code generation is exactly
 * AssemblyScript's own. The transform then
 * - imports memory and table and exports the start function (`_start`) instead of running it,
 *   so the host can register the plugin with the runtime first;
 * - gives the plugin's classes their ids: a shared class the project's id for its name, a
 *   private one (declared in its entry file or private directories) an id of its own range
 *   (assign-class-ids.ts);
 * - replaces the embedded runtime with imports of the shared one and moves the shadow stack
 *   onto the runtime's (bind-shared-runtime.ts);
 * - exports the generated visitors the runtime calls for the plugin's roots and objects;
 * - records its layout in a `shared-rt.layout` custom section.
 */
export default class SharedInit extends TransformBase {
  /** Options of this transform; `configure()` makes a subclass with others. */
  static options: SharedInitOptions = {};

  /** Returns a transform class with the given options, for asc's programmatic API. */
  static configure(options: SharedInitOptions): typeof SharedInit {
    return class ConfiguredSharedInit extends SharedInit {
      static override options = options;
    };
  }

  private skip = false;
  /** Relocatable mode from the command line: this build is the first of two, or the probe. */
  private relocation: { isProbe: boolean; classes: number; shared: number } | null = null;
  private collector: Collector = "incremental";
  private userStart: string | null = null;
  private userExportRuntime = false;
  private classIds: PluginClassIds | null = null;
  private isPrivateFile: (file: string) => boolean = () => false;
  private dispatch: DispatchSupport | null = null;

  private get config(): SharedInitOptions {
    return (this.constructor as typeof SharedInit).options;
  }

  private get compilerOptions(): CompilerOptions {
    return (this.program as unknown as { options: CompilerOptions }).options;
  }

  /**
   * The configured `relocatable`, else SHARED_INIT_RELOCATABLE, else — only for the transform as
   * asc's command line loads it, never one a program configured (the linker places its own) —
   * relocatable when no base was chosen (relocate-in-asc.ts).
   */
  private wantsRelocatable(): boolean {
    if (this.config.relocatable !== undefined) return this.config.relocatable;
    const setting = relocatableSetting();
    if (setting !== undefined) return setting;
    return this.constructor === SharedInit && relocatableByDefault(this.compilerOptions, envClassBase() !== undefined);
  }

  afterParse(parser: unknown): void {
    const program = this.program as unknown as { sources: Source[]; [APPLIED]?: boolean };
    if (program[APPLIED]) {
      this.skip = true;
      return;
    }
    program[APPLIED] = true;
    const runtimes = program.sources.map((s) => LIBRARY_RUNTIMES[s.normalizedPath]).filter(Boolean);
    if (runtimes.length === 0) {
      throw new SharedInitError(
        "RUNTIME_NOT_SHARED",
        "shared-init: the module brings its own runtime (--runtime <path>); a plugin must be compiled with --runtime incremental or minimal so that the shared runtime can take its place",
      );
    }
    if (runtimes[0] === "stub") {
      throw new SharedInitError(
        "RUNTIME_NOT_SHARED",
        "shared-init: --runtime stub cannot share a collector; compile the plugin with --runtime incremental (default) or minimal",
      );
    }
    this.collector = runtimes[0] as Collector;
    if (this.wantsRelocatable()) {
      const { bases, isProbe } = relocationBases();
      const options = this.compilerOptions;
      options.memoryBase = bases.memory;
      options.tableBase = bases.table;
      this.relocation = { isProbe, classes: bases.classes, shared: bases.shared };
    }
    declareRuntimeImports(program.sources as never);
    (parser as { parseFile(text: string, path: string, isEntry: boolean): void }).parseFile(hooksSource(), HOOKS_PATH, true);
    const options = this.compilerOptions;
    options.importMemory = true;
    options.importTable = true;
    // The host owns the memory; a plugin re-exporting it only costs bytes.
    options.exportMemory = false;
    this.userStart = options.exportStart;
    if (!options.exportStart) options.exportStart = PLUGIN_EXPORTS.start;
    // Makes the compiler generate the RTTI table, which the runtime reads at registration.
    this.userExportRuntime = options.exportRuntime;
    options.exportRuntime = true;
  }

  async afterInitialize(): Promise<void> {
    if (this.skip) return;
    const program = this.program as unknown as { managedClasses: Map<number, never>; sources: (Source & { sourceKind: number })[] };
    const base = this.relocation?.classes ?? this.config.classIdBase ?? envClassBase() ?? FIRST_PLUGIN_CLASS_ID;
    if (!Number.isInteger(base) || base < FIRST_PLUGIN_CLASS_ID) {
      throw new SharedInitError("BAD_CLASS_BASE", `shared-init: the class id base must be an integer >= ${FIRST_PLUGIN_CLASS_ID}, found ${base}`);
    }
    // The user's entry files (the transform's own hooks source is an entry too, with no classes).
    const entries = program.sources.filter((s) => s.sourceKind === SOURCE_KIND_USER_ENTRY && !s.normalizedPath.startsWith("~")).map((s) => s.normalizedPath);
    const isPrivate = privateFiles(entries, this.config.privateDirs ?? privateDirsOption());
    this.isPrivateFile = isPrivate;
    this.classIds = new PluginClassIds(
      {
        base,
        isPrivate,
        registry: await sharedClassesOption(this.config.sharedClassIds),
        placeholderBase: this.relocation?.shared ?? this.config.sharedClassBase,
      },
      program.managedClasses,
    );
    program.managedClasses = this.classIds as never;
    const classIds = this.classIds;
    this.dispatch = new DispatchSupport(() => classIds.classes as unknown as DispatchClass[], {
      isPrivateFile: isPrivate,
      noOwnerStubs: this.config.faults?.noOwnerStubs,
    });
    if (!this.config.faults?.noDispatch) this.dispatch.afterInitialize(program);
  }

  async afterCompile(module: Module): Promise<void> {
    if (this.skip) return;
    const binaryen = this.binaryen;
    const classIds = this.classIds!;
    const options = this.compilerOptions;

    refuseBlockingWait(binaryen, module);
    this.dispatch?.stubOutUncompilable(binaryen, module);
    const bound = bindSharedRuntime(binaryen, module, { ownStack: this.config.faults?.ownStack, hookOnlyExports: HOOK_ONLY_EXPORTS });
    checkStackWithoutMessage(binaryen, module);
    rewriteVisitMembers(binaryen, module);
    for (const [hook, name] of VISITOR_HOOKS) {
      if (!module.getExport(hook)) throw new SharedInitError("UNEXPECTED_COMPILER_OUTPUT", `shared-init: the visitor export '${hook}' is missing`);
      const func = binaryen.getExportInfo(module.getExport(hook)).value;
      module.removeExport(hook);
      module.addFunctionExport(func, name);
    }

    const dispatch = this.config.faults?.noDispatch ? undefined : this.dispatch!.afterCompile(binaryen, module, options.tableBase);

    const rttiBase = globalInitValue(binaryen, module, RTTI_BASE) ?? 0;
    if (!this.userExportRuntime) {
      for (const name of ASC_RUNTIME_EXPORTS) if (module.getExport(name)) module.removeExport(name);
    }

    const tableSize = elementSegmentsSize(binaryen, module);

    exportVarargs(binaryen, module);
    // The runtime exports removed above may leave imports unused.
    module.runPasses(["remove-unused-module-elements"]);

    const functionExports = new Set<string>();
    for (let i = 0, n = module.getNumExports(); i < n; ++i) {
      const info = binaryen.getExportInfo(module.getExportByIndex(i));
      if (info.kind === binaryen.ExternalFunction && !info.name.startsWith(SHARED_EXPORT_PREFIX)) functionExports.add(info.name);
    }
    const program = this.program as unknown as CompilerProgram;
    // The compiler's classes carry their bases and interfaces; the id map sees them as ids only.
    const ownBases = basesOfClasses(classIds.classes as unknown as CompilerClass[]);
    const layouts = classLayouts(classIds.classes as unknown as LayoutClass[]);
    const layout: PluginLayout = {
      abi: ABI_VERSION,
      compiler: compilerName(ascVersion),
      collector: this.collector,
      shadowStack: bound.shadowStack,
      memory: { base: options.memoryBase, end: bound.dataEnd },
      table: { base: options.tableBase, size: tableSize },
      classes: {
        base: classIds.base,
        count: classIds.count,
        rttiBase,
        names: classIds.classes.map((c) => c.internalName),
        ids: classIds.ids,
        ...(ownBases ? { bases: ownBases } : {}),
        ...(layouts ? { layouts } : {}),
      },
      runtimeImports: runtimeImportsOf(binaryen, module),
      start: this.userStart ?? PLUGIN_EXPORTS.start,
      exports: exportSignatures(program, functionExports),
      imports: importSignatures(binaryen, module, program, new Set([RUNTIME_NAMESPACE, ENV_NAMESPACE])),
      ...(dispatch ? { dispatch } : {}),
    };
    const globals = sharedGlobals(this.program as object, this.isPrivateFile);
    if (globals.length) layout.sharedGlobals = globals;
    addExportWasmTypes(binaryen, module, layout.exports);
    module.addCustomSection(LAYOUT_SECTION, encodeLayout(layout));
    if (this.relocation) await this.finishRelocatable(module);
  }

  /** Relocatable mode from the command line: hand the module over (probe) or replace what asc emits. */
  private async finishRelocatable(module: Module): Promise<void> {
    const wasm = module.emitBinary();
    if (this.relocation!.isProbe) {
      deliverProbe(wasm);
      return;
    }
    const options = this.compilerOptions as CompilerOptions & { optimizeLevelHint: number; shrinkLevelHint: number };
    const entry = (this.program as unknown as { sources: { normalizedPath: string; sourceKind: number }[] }).sources.find((s) => s.sourceKind === 1);
    const relocated = await relocateWithSecondBuild(entry?.normalizedPath ?? "plugin", wasm, {
      optimize: options.optimizeLevelHint ?? 0,
      shrink: options.shrinkLevelHint ?? 0,
      // Compiled with `--enable threads`: the optimizer keeps its atomics.
      ...(module.getFeatures() & this.binaryen.Features.Atomics ? { atomics: true } : {}),
    });
    // asc optimizes and emits this module object next; what it emits is the relocatable one.
    const text = () => this.binaryen.readBinary(relocated).emitText();
    Object.assign(module, {
      emitBinary: (sourceMapUrl?: string | null) => (sourceMapUrl === undefined ? relocated : { binary: relocated, sourceMap: "" }),
      emitText: text,
      emitStackIR: text,
    });
  }
}

export { SharedInit };
