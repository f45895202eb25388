/**
 * Which class every id names, across all loaded plugins. The common ids (Object, ArrayBuffer,
 * String, ArrayBufferView) are the same in every module; a shared class (the standard library's
 * generic instances such as `Array<i32>` or `Map<string,i32>`, package classes, classes of
 * shared files) has the project's one id in every plugin that compiles it, owned by the first
 * plugin registered with it; a plugin's private classes have ids in its own range. Each layout
 * lists its classes with their ids, so the host allocates an object of a shared class with the
 * one id every plugin knows it by.
 *
 * Which class derives from which is not in the object (AssemblyScript 0.28's RTTI has flags
 * only) nor in the class list: it comes from the `bases` the build records for every class a
 * plugin names in an export's or import's signature (`Bird: ["Animal"]`), which is what lets a
 * subclass stand where its base is declared.
 */
import { COMMON_CLASS_IDS, COMMON_CLASS_NAMES, FIRST_PLUGIN_CLASS_ID } from "@shared-rt/abi";
import { classNameMatches, type AsType, type RefType } from "./as-types.js";

/** Signatures whose `bases` the table learns from (exports of the manifest, imports of the layout). */
type SignatureBases = Record<string, { bases?: Record<string, string[]> } | undefined> | undefined;

const COMMON: readonly string[] = COMMON_CLASS_NAMES;

export interface ClassOwner {
  /** The plugin that registered the id (first, for a shared id); `runtime` for the runtime's ids. */
  plugin: string;
  /** The compiler's internal name, or undefined for a runtime-internal id. */
  name: string | undefined;
}

export class ClassTable {
  private readonly byId = new Map<number, { plugin: string; name: string }>();
  private readonly byPlugin = new Map<string, Map<string, number>>();
  /** Per plugin: a class as source spells it (`Bird`) → its base classes and interfaces. */
  private readonly bases = new Map<string, Map<string, Set<string>>>();

  /**
   * Records a plugin's classes: `names[k]` has id `classIds[k]`; and what its signatures say
   * about their bases. A shared id keeps the plugin that registered it first as its owner.
   */
  add(plugin: string, names: readonly string[], classIds: readonly number[], ...signatures: SignatureBases[]): void {
    const ids = new Map<string, number>();
    names.forEach((name, k) => {
      const id = classIds[k];
      ids.set(name, id);
      if (id >= FIRST_PLUGIN_CLASS_ID || !this.byId.has(id)) this.byId.set(id, { plugin, name });
    });
    this.byPlugin.set(plugin, ids);
    const bases = new Map<string, Set<string>>();
    for (const signature of signatures.flatMap((s) => Object.values(s ?? {}))) {
      for (const [cls, list] of Object.entries(signature?.bases ?? {})) for (const b of list) (bases.get(cls) ?? bases.set(cls, new Set()).get(cls)!).add(b);
    }
    this.bases.set(plugin, bases);
  }

  /**
   * Whether an object of class `name` (internal) of `plugin` may stand where `type` is declared:
   * it is that class, or recorded to derive from it; or a handle `claimed` it as that class or a
   * recorded subclass. A handle's own type was settled when it was made, by a plugin's declared
   * result (which the compiler guarantees, subclasses included) or a checked address: a `Bird`
   * from `make(): Animal` is an Animal even where no signature says that Bird is one.
   */
  accepts(name: string, plugin: string, type: RefType, claimed?: AsType): boolean {
    if (classNameMatches(type, name)) return true;
    if (type.kind !== "class") return false;
    // Every managed class derives from Object (asc's `Object` parameter takes any of them).
    if (type.name === "Object") return true;
    if (this.derives(name, type.name, plugin)) return true;
    return claimed?.kind === "class" && (claimed.name === type.name || this.derives(claimed.name, type.name));
  }

  /**
   * Whether class `name` (internal, `animals/Bird`, or as source spells it, `Bird`) derives from
   * or implements `base` (as source spells it), by what `plugin` recorded, or any plugin.
   */
  derives(name: string, base: string, plugin?: string): boolean {
    const tables = plugin === undefined ? [...this.bases.values()] : [this.bases.get(plugin)];
    for (const table of tables) {
      for (const [cls, list] of table ?? []) if ((name === cls || name.endsWith(`/${cls}`)) && list.has(base)) return true;
    }
    return false;
  }

  /**
   * Id of class `name` as `plugin` knows it, or, failing that, any plugin's (first loaded wins):
   * for a shared class the same id either way.
   */
  idOf(name: string, plugin?: string): { id: number; plugin: string } | undefined {
    const common = COMMON.indexOf(name);
    if (common >= 0) return { id: common, plugin: plugin ?? "runtime" };
    const own = plugin === undefined ? undefined : this.byPlugin.get(plugin)?.get(name);
    if (own !== undefined) return { id: own, plugin: plugin! };
    for (const [other, ids] of this.byPlugin) {
      const id = ids.get(name);
      if (id !== undefined) return { id, plugin: other };
    }
    return undefined;
  }

  /** Who owns `id` and what class it is. */
  owner(id: number): ClassOwner {
    if (id < COMMON_CLASS_IDS) return { plugin: "runtime", name: COMMON[id] };
    return this.byId.get(id) ?? { plugin: "runtime", name: undefined };
  }
}
