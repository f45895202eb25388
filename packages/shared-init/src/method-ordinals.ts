import { isOverridable } from "./force-virtual.js";
import type { ClassPrototype, CompilerClass } from "./shared-classes.js";

/**
 * The ordinal of each overridable member of a class, in source order: a method counts once, an
 * accessor once for its getter and once for its setter (`speak` 0, `get:legs` 1, `set:legs` 2,
 * `toString` 3). Every plugin compiling the same source numbers them alike, and no relocation
 * moves them, so (declaring class id, ordinal) keys a method across plugins.
 */
export function memberOrdinals(proto: ClassPrototype): Map<string, number> {
  const ordinals = new Map<string, number>();
  for (const [name, member] of proto.instanceMembers ?? []) {
    if (!isOverridable(member)) continue;
    const property = member as typeof member & { getterPrototype?: unknown; setterPrototype?: unknown };
    if (property.getterPrototype !== undefined || property.setterPrototype !== undefined) {
      if (property.getterPrototype) ordinals.set(`get:${name}`, ordinals.size);
      if (property.setterPrototype) ordinals.set(`set:${name}`, ordinals.size);
    } else {
      ordinals.set(name, ordinals.size);
    }
  }
  return ordinals;
}

/** The member name of a method's internal name: `get:legs` of `shared/a/Animal#get:legs`, `tag` of `…Box<i32>#tag<i32>`. */
export function memberName(methodInternalName: string, cls: CompilerClass): string {
  const name = methodInternalName.slice(cls.internalName.length + 1);
  const generic = name.indexOf("<");
  return generic < 0 ? name : name.slice(0, generic);
}

/** Ordinals per class prototype, made once per plugin. */
export class MethodOrdinals {
  private readonly byPrototype = new Map<ClassPrototype, Map<string, number>>();

  of(cls: CompilerClass, methodInternalName: string): number | undefined {
    let ordinals = this.byPrototype.get(cls.prototype);
    if (!ordinals) {
      ordinals = memberOrdinals(cls.prototype);
      this.byPrototype.set(cls.prototype, ordinals);
    }
    return ordinals.get(memberName(methodInternalName, cls));
  }
}
