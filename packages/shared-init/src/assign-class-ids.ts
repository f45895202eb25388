import { COMMON_CLASS_IDS } from "@shared-rt/abi";
import { SharedInitError } from "./shared-init-error.js";

/** The slice of AssemblyScript's `Class` this file relies on. */
interface CompilerClass {
  _id: number;
  internalName: string;
}

/**
 * Replaces `program.managedClasses` so that the plugin's own classes get the ids
 * `base, base + 1, …` instead of `4, 5, …`, without placeholder classes.
 *
 * The compiler assigns `cls._id = program.nextClassId++` and immediately calls
 * `managedClasses.set(id, cls)`; everything that embeds an id in code (`__new`, `instanceof`,
 * `idof`) reads `cls._id` afterwards. Only the generators of `__visit_members` and the RTTI
 * table iterate this map, and they require its keys to be 0..n-1. So the map keeps dense
 * *compact* keys (0–3 common, then 4 + k for the plugin's k-th class) while the class itself
 * carries its real id. The RTTI table comes out compact (the runtime reads it that way) and
 * `__visit_members` switches over compact indices (rewrite-visit-members.ts maps real ids).
 */
export class PluginClassIds extends Map<number, CompilerClass> {
  readonly base: number;
  /** The plugin's own classes in id order: `own[k]` has id `base + k`. */
  readonly own: CompilerClass[] = [];

  constructor(base: number, existing: Map<number, CompilerClass>) {
    super();
    this.base = base;
    for (const [id, cls] of existing) {
      if (id >= COMMON_CLASS_IDS) {
        throw new SharedInitError(
          "UNEXPECTED_COMPILER_OUTPUT",
          `shared-init: class '${cls.internalName}' got id ${id} before the transform could assign ids; only ids 0..${COMMON_CLASS_IDS - 1} are expected at this point`,
        );
      }
      super.set(id, cls);
    }
  }

  override set(id: number, cls: CompilerClass): this {
    if (id < COMMON_CLASS_IDS) return super.set(id, cls);
    const k = this.own.length;
    cls._id = this.base + k;
    this.own.push(cls);
    return super.set(COMMON_CLASS_IDS + k, cls);
  }

  /** Number of class ids the plugin occupies from `base`. */
  get count(): number {
    return this.own.length;
  }
}
