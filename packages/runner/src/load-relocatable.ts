/**
 * Loading a relocatable plugin (built with `"relocatable": true`; see shared-init's
 * make-relocatable.ts) into a running host. Nothing of it is at a fixed address:
 *
 *   1. the host picks its private class-id range and table slots now, and gives them to the
 *      module as the imported globals `table_base` and `class_base`; its shared classes get
 *      the project's ids for their names (new names appended to the registry), given to the
 *      module as `shared_class_<k>`;
 *   2. it copies the plugin's RTTI table into a raw block and registers the plugin with the
 *      runtime (visitors in the table) — before anything of the plugin's classes exists;
 *   3. it allocates every static object of the plugin as a GC object (with the relocated
 *      class id) and pins it, every raw block (memory.data) with __alloc; only then, with no
 *      allocation in between (so no collection sees a half-made object), it copies the bytes,
 *      patches every pointer, table index and class id the build recorded, and sets the
 *      imported globals `static_k` the code reads addresses from;
 *   4. it runs the start function.
 *
 * Unloading reverses what the plugin holds: roots dropped, statics unpinned (what other plugins
 * still reference survives), raw blocks freed, its function table slots cleared.
 *
 * On a threaded host worker 0 does all of this once; every other worker then joins with worker
 * 0's {@link RelocationPlacement}: it grows its own table the same way (the same slots, checked),
 * instantiates the module over the static blocks worker 0 placed, and allocates, copies and
 * registers nothing (threaded-host.ts `load`).
 */
import {
  blockBytes,
  COMMON_CLASS_IDS,
  FIRST_SHARED_CLASS_ID,
  LAYOUT_SECTION,
  STATICS_SECTION,
  VISITOR_SLOTS,
  isSharedClassId,
  manifestImport,
  providerOf,
  sharedClassGlobal,
  sharedClassesFullMessage,
  type SharedClassRegistry,
  relocateDispatch,
  type DispatchLayout,
  type ManifestImport,
  type ManifestPlugin,
  type PluginLayout,
  type RelocatableLayout,
} from "@shared-rt/abi";
import { checkedLayout } from "./check-modules.js";
import { LoadError } from "./errors.js";

/** Grows the shared table by `slots` for a plugin; an engine that cannot (a layout asking for millions of slots) is named. */
function growTable(table: WebAssembly.Table, slots: number, name: string): number {
  try {
    return table.grow(slots);
  } catch (error) {
    throw new LoadError("INSTANTIATE_FAILED", name, `cannot place plugin '${name}': the table cannot grow by ${slots} slots: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

/** The runtime exports this file uses. */
export interface LoaderRuntime {
  __new(size: number, id: number): number;
  __pin(ptr: number): number;
  __unpin(ptr: number): void;
  __alloc(size: number): number;
  __free(ptr: number): void;
}

function readLayout(module: WebAssembly.Module, name: string, file: string | undefined): PluginLayout {
  const layout = checkedLayout(module, name, file);
  if (!layout) throw new LoadError("NOT_A_PLUGIN", name, `plugin '${name}' was not built with the shared-init transform: it has no ${LAYOUT_SECTION} section`);
  return layout;
}

/** Describes a relocatable module as a manifest entry, resolving its imports by the loaded plugins' names. */
export function describeRelocatable(module: WebAssembly.Module, name: string, hash: string, loaded: (name: string) => boolean): ManifestPlugin {
  const layout = readLayout(module, name, undefined);
  if (!layout.relocatable) {
    throw new LoadError(
      "NOT_RELOCATABLE",
      name,
      `plugin '${name}' was linked at fixed addresses; only a plugin built with "relocatable": true can be loaded into a running host`,
    );
  }
  const imports: ManifestImport[] = WebAssembly.Module.imports(module).map((imp) =>
    // Relocatable: its `shared-rt.load` imports are the host's decisions at load.
    manifestImport(imp.module, imp.name, providerOf(imp.module, name, loaded, true), layout.imports),
  );
  return {
    name,
    abi: layout.abi,
    file: `${name}.wasm`,
    hash,
    relocatable: true,
    memory: { base: 0, end: 0 },
    table: { base: 0, size: layout.table.size },
    visitorSlots: { globals: 0, members: 0 },
    classes: {
      base: 0,
      count: layout.classes.count,
      rttiBase: 0,
      names: layout.classes.names,
      ...(layout.classes.ids ? { ids: layout.classes.ids } : {}),
      // Checked against the plugins already loaded (load-plugin.ts), and kept for those loaded later.
      ...(layout.classes.layouts ? { layouts: layout.classes.layouts } : {}),
    },
    imports,
    start: layout.start,
    exports: layout.exports,
  };
}

/**
 * Where worker 0 of a threaded host placed a relocatable plugin: what every other worker reuses
 * (plain data: it crosses to the workers by message).
 */
export interface RelocationPlacement {
  tableBase: number;
  classBase: number;
  rttiBase: number;
  classIds: number[];
  /** Address of each static block (`static_k`). */
  addresses: number[];
  /** The runtime's handle for it (registered once, by worker 0). */
  handle: number;
}

/** One load of a relocatable plugin: what the host chose for it, and what it holds. */
export class Relocation {
  readonly classBase: number;
  readonly tableBase: number;
  readonly visitorSlots: { globals: number; members: number };
  readonly rttiBase: number;
  /** The real id of each of its classes, in compact order (what it registers with). */
  readonly classIds: number[];
  /** The `shared-rt.load` import namespace for the module. */
  readonly imports: Record<string, WebAssembly.Global>;
  private readonly layout: RelocatableLayout;
  private readonly statics: Uint8Array;
  private readonly addresses: number[] = [];
  /** The project's id of the plugin's k-th shared class. */
  private readonly sharedIds: number[] = [];
  private placed = false;

  constructor(
    private readonly name: string,
    module: WebAssembly.Module,
    private readonly rt: LoaderRuntime,
    private readonly memory: WebAssembly.Memory,
    private readonly table: WebAssembly.Table,
    classBase: number,
    sharedClasses: SharedClassRegistry,
    file?: string,
    /** Set on a later worker of a threaded host: where worker 0 placed the plugin. */
    readonly joined?: RelocationPlacement,
  ) {
    const layout = readLayout(module, name, file);
    if (!layout.relocatable) throw new LoadError("NOT_RELOCATABLE", name, `plugin '${name}' was not built relocatable`);
    this.layout = layout.relocatable;
    const [statics] = WebAssembly.Module.customSections(module, STATICS_SECTION);
    this.statics = new Uint8Array(statics ?? new ArrayBuffer(0));
    this.classBase = classBase;
    // Its functions, then its two visitors, in fresh slots at the end of the table.
    this.tableBase = growTable(table, layout.table.size + VISITOR_SLOTS, name);
    this.visitorSlots = { globals: this.tableBase + layout.table.size, members: this.tableBase + layout.table.size + 1 };
    this.imports = {
      table_base: new WebAssembly.Global({ value: "i32", mutable: false }, this.tableBase),
      class_base: new WebAssembly.Global({ value: "i32", mutable: false }, this.classBase),
    };
    const { names, ids } = layout.classes;
    names.forEach((cls, i) => {
      const id = ids?.[i];
      if (id === undefined || !isSharedClassId(id)) return;
      const real = sharedClasses.claim(cls);
      if (real === undefined) throw new LoadError("TOO_MANY_SHARED_CLASSES", name, `cannot load plugin '${name}': ${sharedClassesFullMessage(cls)}`);
      const k = id - this.sharedBase;
      this.sharedIds[k] = real;
      this.imports[sharedClassGlobal(k)] = new WebAssembly.Global({ value: "i32", mutable: false }, real);
    });
    this.classIds = names.map((_, i) => this.relocateClass(ids?.[i] ?? this.layout.bases.classes + i));
    this.layout.blocks.forEach((_, k) => {
      this.imports[`static_${k}`] = new WebAssembly.Global({ value: "i32", mutable: true }, 0);
    });
    if (joined) {
      this.checkJoined(joined);
      this.rttiBase = joined.rttiBase;
      return;
    }
    // The RTTI table must exist before registration: a raw block (no collection can run).
    const rtti = this.layout.blocks[this.layout.rttiBlock];
    if (rtti) {
      this.rttiBase = this.placeRaw(this.layout.rttiBlock);
      new Uint8Array(this.memory.buffer, this.rttiBase, rtti.size).set(blockBytes(rtti, this.statics));
    } else {
      this.rttiBase = 0;
    }
  }

  /** A later worker's choices must be worker 0's: the same table slots and class ids (every worker loads in the same order). */
  private checkJoined(joined: RelocationPlacement): void {
    const same = joined.tableBase === this.tableBase && joined.classBase === this.classBase && joined.classIds.join() === this.classIds.join();
    if (same) return;
    throw new LoadError(
      "THREADS_UNSUPPORTED",
      this.name,
      `cannot place plugin '${this.name}' on this worker as worker 0 did: table base ${this.tableBase} and class base ${this.classBase} here, ${joined.tableBase} and ${joined.classBase} there (the workers' tables or class ranges differ)`,
    );
  }

  /** What a later worker of a threaded host needs to join this load (call after placeStatics). */
  placement(handle: number): RelocationPlacement {
    const { tableBase, classBase, rttiBase, classIds } = this;
    return { tableBase, classBase, rttiBase, classIds, addresses: [...this.addresses], handle };
  }

  /** Where the build's placeholder shared ids start (plugins built before shared ids have none). */
  private get sharedBase(): number {
    return this.layout.bases.shared ?? FIRST_SHARED_CLASS_ID;
  }

  /** A class id as built (first build) → its id here: common, the project's shared id, or private. */
  private relocateClass(id: number): number {
    if (id < COMMON_CLASS_IDS) return id;
    if (isSharedClassId(id)) {
      const real = this.sharedIds[id - this.sharedBase];
      if (real === undefined) throw new LoadError("BAD_RELOCATION", this.name, `plugin '${this.name}': its class id ${id} names none of its shared classes`);
      return real;
    }
    return this.classBase + (id - this.layout.bases.classes);
  }

  /** The plugin's dispatch records with its class ids and table slots where they were placed. */
  placeDispatch(dispatch: DispatchLayout | undefined): DispatchLayout | undefined {
    return (
      dispatch &&
      relocateDispatch(
        dispatch,
        (id) => this.relocateClass(id),
        (slot) => this.tableBase + (slot - this.layout.bases.table),
      )
    );
  }

  private placeRaw(k: number): number {
    const block = this.layout.blocks[k];
    const ptr = this.rt.__alloc(Math.max(block.size, 4));
    this.addresses[k] = ptr;
    return ptr;
  }

  /** Allocates, fills and patches every static block. Call after registration, before start. */
  placeStatics(): void {
    if (this.joined) {
      // Placed by worker 0, in the shared memory: this instance only reads their addresses.
      this.joined.addresses.forEach((ptr, k) => {
        this.imports[`static_${k}`].value = ptr;
      });
      return;
    }
    const { blocks, relocations } = this.layout;
    // Allocate everything first; objects are pinned at once, so a collection triggered by a
    // later allocation keeps them (and sees only zeroed payloads, never stale pointers).
    blocks.forEach((block, k) => {
      if (k === this.layout.rttiBlock) return;
      if (block.kind === "object") {
        this.addresses[k] = this.rt.__pin(this.rt.__new(block.size, this.relocateClass(block.id ?? 0)));
      } else {
        this.placeRaw(k);
      }
    });
    const bytes = new Uint8Array(this.memory.buffer);
    blocks.forEach((block, k) => {
      if (k !== this.layout.rttiBlock) bytes.set(blockBytes(block, this.statics), this.addresses[k]);
    });
    const words = new DataView(this.memory.buffer);
    for (const r of relocations) {
      let value: number;
      if (r.kind === "memory") {
        if (r.target === undefined || r.targetOffset === undefined || !this.addresses[r.target]) {
          throw new LoadError("BAD_RELOCATION", this.name, `plugin '${this.name}': a pointer in its static data (${r.value}) names no static block`);
        }
        value = this.addresses[r.target] + r.targetOffset;
      } else if (r.kind === "table") {
        value = this.tableBase + (r.value - this.layout.bases.table);
      } else {
        value = this.relocateClass(r.value);
      }
      words.setUint32(this.addresses[r.block] + r.offset, value >>> 0, true);
    }
    blocks.forEach((_, k) => {
      this.imports[`static_${k}`].value = this.addresses[k];
    });
    this.placed = true;
  }

  /** Lets go of what the plugin held: statics unpinned (the collector decides), raw blocks freed, function slots emptied. */
  release(): void {
    // A later worker of a threaded host: worker 0 gives back the statics; the slots are its own.
    if (this.joined) this.addresses.length = 0;
    this.layout.blocks.forEach((block, k) => {
      const ptr = this.addresses[k];
      if (!ptr) return;
      if (block.kind === "object") {
        if (this.placed) this.rt.__unpin(ptr);
      } else {
        this.rt.__free(ptr);
      }
      this.addresses[k] = 0;
    });
    // A stale function reference into the unloaded plugin now traps (null slot) instead of
    // running whatever is placed there later. Its visitor slots stay: objects of its classes
    // may live on in other plugins' graphs.
    for (let i = this.tableBase; i < this.visitorSlots.globals; ++i) this.table.set(i, null);
  }
}
