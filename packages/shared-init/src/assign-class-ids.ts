import { COMMON_CLASS_IDS, FIRST_SHARED_CLASS_ID, SHARED_CLASS_END, type SharedClassRegistry, sharedClassesFullMessage } from "@shared-rt/abi";
import { SharedInitError } from "./shared-init-error.js";

/** The slice of AssemblyScript's `Class` this file relies on. */
interface CompilerClass {
  _id: number;
  internalName: string;
  /** The file declaring the class; its internal path (`plugins/dogs/index`, `~lib/array`). */
  file: { internalName: string };
}

/** How the plugin's classes get their ids. */
export interface ClassIdPolicy {
  /** First id of the plugin's private range. */
  base: number;
  /** Whether a class is private to the plugin (declared in its private files). */
  isPrivate(fileInternalName: string): boolean;
  /** The project's shared ids so far (canonical name → id); new shared classes continue it. */
  registry: SharedClassRegistry;
  /**
   * Relocatable builds: the k-th shared class (first-appearance order) gets `placeholderBase + k`
   * instead of a registry id; the host maps it to the project's id at load.
   */
  placeholderBase?: number;
}

/**
 * Replaces `program.managedClasses` so that the plugin's classes get their real ids — a shared
 * class (`~lib/...` instances such as `Array<string>`, package classes, classes of shared files)
 * the project's id for its canonical name, a private class `base, base + 1, …` — without
 * placeholder classes.
 *
 * The compiler assigns `cls._id = program.nextClassId++` and immediately calls
 * `managedClasses.set(id, cls)`; everything that embeds an id in code (`__new`, `instanceof`,
 * `idof`) reads `cls._id` afterwards. Only the generators of `__visit_members` and the RTTI
 * table iterate this map, and they require its keys to be 0..n-1. So the map keeps dense
 * *compact* keys (0–3 common, then 4 + k for the plugin's k-th class) while the class itself
 * carries its real id (docs/research/virtual-dispatch-and-class-ids.md §3.2). The RTTI table
 * comes out compact (the runtime reads it with the list of real ids), and `__visit_members`
 * switches over compact indices (rewrite-visit-members.ts).
 */
export class PluginClassIds extends Map<number, CompilerClass> {
  readonly base: number;
  /** The plugin's classes in compact order: `classes[k]` has compact key 4 + k and id `ids[k]`. */
  readonly classes: CompilerClass[] = [];
  readonly ids: number[] = [];
  private privateCount = 0;
  private sharedCount = 0;

  constructor(
    private readonly policy: ClassIdPolicy,
    existing: Map<number, CompilerClass>,
  ) {
    super();
    this.base = policy.base;
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
    const k = this.classes.length;
    cls._id = this.policy.isPrivate(cls.file.internalName) ? this.base + this.privateCount++ : this.sharedId(cls.internalName);
    this.classes.push(cls);
    this.ids.push(cls._id);
    return super.set(COMMON_CLASS_IDS + k, cls);
  }

  private sharedId(name: string): number {
    const { placeholderBase, registry } = this.policy;
    const k = this.sharedCount++;
    if (placeholderBase !== undefined) {
      if (k >= SHARED_CLASS_END - FIRST_SHARED_CLASS_ID) throw new SharedInitError("TOO_MANY_SHARED_CLASSES", `shared-init: ${sharedClassesFullMessage(name)}`);
      return placeholderBase + k;
    }
    const id = registry.claim(name);
    if (id === undefined) throw new SharedInitError("TOO_MANY_SHARED_CLASSES", `shared-init: ${sharedClassesFullMessage(name)}`);
    return id;
  }

  /** Number of private class ids the plugin occupies from `base`. */
  get count(): number {
    return this.privateCount;
  }
}

/**
 * Whether a file (internal path, relative to --baseDir, without `.ts`) is private to the plugin:
 * its entry file, or a file under one of its private directories. Library and package files
 * (`~lib/...`) never are.
 */
export function privateFiles(entries: string[], privateDirs: string[]): (fileInternalName: string) => boolean {
  const dirs = privateDirs.map((d) => `${d.replace(/^\.\//, "").replace(/\/+$/, "")}/`).filter((d) => d !== "/");
  const files = new Set(entries.map((e) => e.replace(/\.ts$/, "")));
  return (file) => !file.startsWith("~lib/") && (files.has(file) || dirs.some((d) => file.startsWith(d)));
}
