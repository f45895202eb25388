import { FIRST_SHARED_CLASS_ID, SHARED_CLASS_END } from "./class-ids.js";

/**
 * The shared class ids of a project: canonical name (the compiler's internal name with paths
 * relative to the project directory) → id. Ids are handed out in order, the next after the
 * highest in use, and never change: the linker fills it plugin by plugin (and keeps it across
 * incremental builds), the host continues it for relocatable plugins loaded later.
 */
export class SharedClassRegistry {
  private readonly ids = new Map<string, number>();
  private readonly names = new Map<number, string>();
  private next = FIRST_SHARED_CLASS_ID;

  /** From a manifest's `sharedClasses` or a name → id record. */
  constructor(initial?: SharedClasses | Record<string, number>) {
    if (!initial) return;
    if (Array.isArray((initial as SharedClasses).names) && typeof (initial as SharedClasses).base === "number") {
      const { base, names } = initial as SharedClasses;
      names.forEach((name, k) => {
        this.set(name, base + k);
      });
    } else {
      for (const [name, id] of Object.entries(initial as Record<string, number>)) this.set(name, id);
    }
  }

  /** The id of `name`, if it has one. */
  idOf(name: string): number | undefined {
    return this.ids.get(name);
  }

  /** The name holding `id`, if any. */
  nameOf(id: number): string | undefined {
    return this.names.get(id);
  }

  get size(): number {
    return this.ids.size;
  }

  /** Records `name` at `id`; false when either is already taken by another pairing. */
  set(name: string, id: number): boolean {
    const had = this.ids.get(name);
    if (had !== undefined) return had === id;
    if (this.names.has(id) || id < FIRST_SHARED_CLASS_ID || id >= SHARED_CLASS_END) return false;
    this.ids.set(name, id);
    this.names.set(id, name);
    this.next = Math.max(this.next, id + 1);
    return true;
  }

  /** The id of `name`, giving it the next free one if it has none; undefined when the range is full. */
  claim(name: string): number | undefined {
    const had = this.ids.get(name);
    if (had !== undefined) return had;
    if (this.next >= SHARED_CLASS_END) return undefined;
    const id = this.next;
    this.set(name, id);
    return id;
  }

  /** name → id, in id order (what a plugin compile is given). */
  toRecord(): Record<string, number> {
    return Object.fromEntries([...this.ids].sort((a, b) => a[1] - b[1]));
  }

  /** The manifest's form: the name of every id from the first shared id (`""` for a gap). */
  toShared(): SharedClasses {
    const names: string[] = [];
    for (let id = FIRST_SHARED_CLASS_ID; id < this.next; ++id) names.push(this.names.get(id) ?? "");
    return { base: FIRST_SHARED_CLASS_ID, names };
  }
}

/** The manifest's record of the shared class ids: `names[k]` has id `base + k`. */
export interface SharedClasses {
  base: number;
  names: string[];
}

/** `the shared class ids (32..2047) are used up: …`, for a registry that cannot take `name`. */
export function sharedClassesFullMessage(name: string): string {
  return `the shared class ids (${FIRST_SHARED_CLASS_ID}..${SHARED_CLASS_END - 1}) are used up: class '${name}' gets none; a project can share at most ${SHARED_CLASS_END - FIRST_SHARED_CLASS_ID} classes`;
}
