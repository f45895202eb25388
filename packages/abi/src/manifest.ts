import type { ClassLayouts } from "./class-layouts.js";
import type { DispatchLayout } from "./dispatch.js";
import type { Collector } from "./namespaces.js";
import type { ExportSignature } from "./plugin-layout.js";
import type { ImportProvider } from "./import-providers.js";
import type { SharedClasses } from "./shared-classes.js";

/**
 * The manifest the linker writes (`<outDir>/manifest.json`): everything the host needs to load
 * a project, and nothing it must guess.
 */
export interface Manifest {
  /** Registration ABI of the runtime and every plugin. */
  abi: number;
  /** The compiler the runtime and the plugins were built with (`assemblyscript@0.28.20`); a plugin loaded later must match. */
  compiler?: string;
  collector: Collector;
  /** The project's host module (path relative to the manifest), whose default export supplies extra imports. */
  host?: string;
  memory: {
    /** Pages the memory starts with: enough for all static data, the stack and a first heap. */
    initial: number;
    /** Upper bound in pages, if the project sets one. */
    maximum?: number;
  };
  table: {
    /** Slots the one shared table starts with. */
    initial: number;
  };
  runtime: {
    file: string;
    hash: string;
    memory: { base: number; end: number };
    table: { base: number; size: number };
    /** Top of the one shadow stack all plugins share (= the runtime's heap base). */
    stackTop: number;
  };
  /** Plugins in instantiation order (every plugin after the plugins it imports from). */
  plugins: ManifestPlugin[];
  /**
   * The project's shared class ids (`names[k]` has id `base + k`): every class several plugins
   * may compile has one id in all of them. A host continues it for relocatable plugins it loads.
   */
  sharedClasses?: SharedClasses;
  /**
   * A threaded project (`"threads"` in shared-rt.json; @shared-rt/abi threads.ts): its runtime
   * is the threaded build, for at most `count` workers, each with a shadow-stack region of
   * `stackSize` bytes: worker k's is [stackTop - (k + 1) * stackSize, stackTop - k * stackSize).
   */
  threads?: { count: number; stackSize: number };
}

export interface ManifestPlugin {
  name: string;
  /** Registration ABI the plugin was built for. */
  abi: number;
  file: string;
  /** `sha256-<hex>` of the wasm file. */
  hash: string;
  /** Built without fixed addresses: the host places it at load (ranges below are then zero). */
  relocatable?: boolean;
  /** Loaded with a memory, table and runtime of its own; calls across the boundary are copied. */
  isolated?: boolean;
  memory: { base: number; end: number };
  table: { base: number; size: number };
  /** The ranges reserved for the plugin (what it uses plus headroom for incremental rebuilds). */
  slot?: { memory: { base: number; size: number }; table: { base: number; size: number }; classes: { base: number; count: number } };
  /** Table slots where the host places the plugin's two visitors before registering it. */
  visitorSlots: { globals: number; members: number };
  /**
   * The plugin's private class-id range (`base`, `count`). `names` (internal names of all its
   * classes in compact order), `ids` (their real ids, shared and private) and `bases` (every base
   * class and interface its layout and its imports record, by class) are there for a linked
   * plugin, which ships without its `shared-rt.layout` section; without them the host reads
   * them from that section.
   */
  classes: {
    base: number;
    count: number;
    rttiBase: number;
    names?: string[];
    ids?: number[];
    bases?: Record<string, string[]>;
    /** The layouts of its own classes, as its layout section records them: a host checks a plugin loaded later against them. */
    layouts?: ClassLayouts;
  };
  /** Every import of the module with the party that provides it. */
  imports: ManifestImport[];
  start: string;
  /** AssemblyScript signatures of the exported functions (`wasm`: their wasm type, if recorded). */
  exports: Record<string, ExportSignature>;
  /** A linked plugin's dispatch records, as its layout section has them (a relocatable one's are in that section). */
  dispatch?: DispatchLayout;
}

export interface ManifestImport {
  module: string;
  name: string;
  /** Who provides it: see {@link ImportProvider}. */
  provider: ImportProvider;
  /**
   * For a function the host provides (`provider: "host"`): the AssemblyScript signature of its
   * `@external` declaration, as the plugin's layout records it. The host converts the
   * function's arguments and result by it; without it they pass as raw wasm values.
   */
  signature?: ExportSignature;
  /**
   * For a function the host provides: the project lists it in shared-rt.json's `"async"`, so the
   * host function may return a Promise and the plugin waits for it straight-line (`const text =
   * readText(path)`) in a call started with `host.callAsync`. Needs an engine with JSPI
   * (`WebAssembly.Suspending`); see stack-segments.ts for how each waiting call keeps its frames.
   */
  async?: boolean;
  /**
   * For a function the host provides: the project lists it in shared-rt.json's `"blocking"`: it
   * may block or run long, so on a threaded host the worker calling it counts as parked while it
   * runs (`THREAD_EXPORTS.hostEnter`/`hostLeave`), and other workers' collections go on meanwhile.
   */
  blocking?: boolean;
}
