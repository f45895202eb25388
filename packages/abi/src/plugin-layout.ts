import { LAYOUT_SECTION, type Collector } from "./namespaces.js";
import type { ClassLayouts } from "./class-layouts.js";
import type { DispatchLayout } from "./dispatch.js";
import type { RelocatableLayout } from "./relocation.js";

/** An export's AssemblyScript signature, so hosts can convert values without guessing. */
export interface ExportSignature {
  /** Parameter types as AssemblyScript spells them: `i32`, `f64`, `bool`, `string`, `Array<string>`, … */
  params: string[];
  /** Result type; `void` for none. */
  result: string;
  /** The wasm function type, `(i32,f64)->i32`. */
  wasm?: string;
  /**
   * How many trailing parameters have defaults. A host may omit them: it sets the count with
   * the plugin's `__setArgumentsLength` and calls the export `~varargs_<name>` (VARARGS_EXPORT_PREFIX).
   */
  optional?: number;
  /** Base classes and interfaces of the class types it names (a subclass may stand for its base). */
  bases?: Record<string, string[]>;
}

/** A mutable global of a shared file: its internal name and where it is declared (`shared/api.ts:3:10`). */
export interface SharedGlobal {
  name: string;
  at: string;
}

/**
 * What a plugin records about itself in the `shared-rt.layout` custom section. The linker
 * copies what a host needs into the manifest and ships linked plugins without the section; a
 * host reads a relocatable plugin's straight from the module.
 */
export interface PluginLayout {
  /** Registration ABI the plugin was built for. */
  abi: number;
  /**
   * The compiler that built it (`assemblyscript@0.28.20`): plugins and runtime built by different
   * versions disagree on object layouts and the runtime interface. Absent in older builds.
   */
  compiler?: string;
  collector: Collector;
  /** Whether the plugin pushes frames onto the runtime's shadow stack. */
  shadowStack: boolean;
  memory: {
    /** Where the plugin's static data starts (the --memoryBase it was compiled at). */
    base: number;
    /** End of its static data (exclusive). */
    end: number;
  };
  table: {
    /** First table slot of the plugin's functions (--tableBase). */
    base: number;
    /** Number of table slots its functions occupy. */
    size: number;
  };
  classes: {
    /** First class id of the plugin's private range (its classes declared in its private files). */
    base: number;
    /** Number of private class ids it occupies from `base`. */
    count: number;
    /**
     * Address of its RTTI table, 0 if none. The table is compact: ids 0–3, then one entry per
     * class of `names` in that order (compact key 4 + k is `names[k]`).
     */
    rttiBase: number;
    /** Internal names of all its classes above id 3 (shared and private) in compact order. */
    names: string[];
    /**
     * The real id of each class of `names` (parallel): shared ones from the project's registry
     * (32..2047), private ones `base + j`. In a relocatable plugin these are the first build's
     * ids: placeholders `RELOCATION_BASES.shared + k` and `RELOCATION_BASES.classes + j`. Absent
     * in plugins built before shared ids (then `names[k]` has id `base + k`).
     */
    ids?: number[];
    /**
     * Base classes and interfaces of those of its classes that have any, keyed and listed as
     * types are spelled (`Bird`: `["Animal"]`), so a host can accept a subclass for its base.
     */
    bases?: Record<string, string[]>;
    /**
     * The layouts of its own user and package classes (not the standard library's, which the
     * pinned compiler fixes; not interfaces, which have no fields), keyed by canonical name: base
     * class, instance size and the fields each adds. The linker refuses two plugins that define
     * one canonical name with different layouts, and a host a late plugin that differs from one
     * already loaded (see class-layouts.ts). Absent when there are none, and in plugins built
     * before layouts were recorded.
     */
    layouts?: ClassLayouts;
  };
  /** Export the host calls, after registration, to run the plugin's static initializers. */
  start: string;
  /** Runtime functions it imports from the shared runtime. */
  runtimeImports: string[];
  /** Exported functions with their AssemblyScript signatures. */
  exports: Record<string, ExportSignature>;
  /** Functions imported from other plugins or the host, keyed `module.name`. */
  imports: Record<string, ExportSignature>;
  /**
   * Mutable globals of shared files it compiled (static fields of shared classes, file-level
   * `let`s): one copy per plugin. The linker warns when two plugins use the same one.
   */
  sharedGlobals?: SharedGlobal[];
  /** Present in relocatable plugins: the static blocks the host allocates and the words it patches. */
  relocatable?: RelocatableLayout;
  /** Its override stubs of shared methods and its classes' shared ancestors; absent when it has none. */
  dispatch?: DispatchLayout;
}

export function encodeLayout(layout: PluginLayout): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(layout));
}

export function decodeLayout(bytes: ArrayBuffer | Uint8Array): PluginLayout {
  return JSON.parse(new TextDecoder().decode(bytes)) as PluginLayout;
}

/**
 * The module's layout section, parsed; undefined when it has none or it is not JSON. Its shape
 * is the builder's word, not checked here.
 */
export function layoutSection(module: WebAssembly.Module): PluginLayout | undefined {
  const [section] = WebAssembly.Module.customSections(module, LAYOUT_SECTION);
  if (!section) return undefined;
  try {
    return decodeLayout(section);
  } catch {
    return undefined;
  }
}
