import * as assemblyscript from "assemblyscript";
import { ELEMENT_KIND, type ClassPrototype, type CompilerClass, type CompilerElement, type SharedClasses } from "./shared-classes.js";

/** CommonFlags and DecoratorFlags of AssemblyScript 0.28 (const enums in its typings). */
export const FLAGS = {
  Static: 1 << 5,
  Abstract: 1 << 7,
  Private: 1 << 9,
  Generic: 1 << 16,
  Constructor: 1 << 19,
  Overridden: 1 << 28,
  /** DecoratorFlags.Final */
  Final: 1 << 5,
} as const;

interface PropertyPrototype extends CompilerElement {
  isField: boolean;
  getterPrototype: CompilerElement | null;
  setterPrototype: CompilerElement | null;
}

interface ProgramSlice {
  filesByName: Map<string, { internalName: string; members: Map<string, CompilerElement> | null }>;
}

/** Whether a member of a class prototype is one a subclass can override: a method or an accessor. */
export function isOverridable(member: CompilerElement): boolean {
  if (member.flags & (FLAGS.Constructor | FLAGS.Private | FLAGS.Static)) return false;
  if (member.kind === ELEMENT_KIND.FunctionPrototype) return true;
  return member.kind === ELEMENT_KIND.PropertyPrototype && !(member as PropertyPrototype).isField;
}

/**
 * Flags every overridable member of every shared, non-`@final` class and interface
 * `Overridden`, before anything is compiled. The compiler then calls each of them through its
 * `@override` stub, even where this plugin knows no override: otherwise the call would be
 * direct (inlined and folded at -O3), and an object of another plugin's subclass would run the
 * base method. Runs in afterInitialize.
 */
export function forceVirtual(program: object, shared: SharedClasses): void {
  for (const file of (program as ProgramSlice).filesByName.values()) {
    if (!shared.isSharedPath(file.internalName)) continue;
    for (const element of file.members?.values() ?? []) {
      if (element.kind !== ELEMENT_KIND.ClassPrototype && element.kind !== ELEMENT_KIND.InterfacePrototype) continue;
      if (element.decoratorFlags & FLAGS.Final) continue;
      for (const member of (element as ClassPrototype).instanceMembers?.values() ?? []) {
        if (!isOverridable(member)) continue;
        member.flags |= FLAGS.Overridden;
        const property = member as PropertyPrototype;
        if (property.getterPrototype) property.getterPrototype.flags |= FLAGS.Overridden;
        if (property.setterPrototype) property.setterPrototype.flags |= FLAGS.Overridden;
      }
    }
  }
  sharedPrograms.set(program, shared);
  patchSubclassQuery();
}

/** Programs compiled with the transform, and how each decides what is shared. */
const sharedPrograms = new WeakMap<object, SharedClasses>();
const PATCHED = Symbol.for("shared-init.hasSubclassAssignableTo");

/**
 * `a instanceof Greeter` (a: a class, Greeter: an interface) is folded to `false` when no class
 * this compilation knows extends `a`'s class and implements `Greeter`. Another plugin's class
 * may: for a non-final class that is not private to this plugin (a shared one, or a standard
 * one such as `Object`) and a shared interface the answer becomes "maybe", so the check stays
 * dynamic. Patched once per process; it asks only for programs the transform runs on.
 */
function patchSubclassQuery(): void {
  const proto = (assemblyscript as unknown as { Class: { prototype: Record<string | symbol, unknown> } }).Class.prototype;
  if (proto[PATCHED]) return;
  const original = proto.hasSubclassAssignableTo as (this: CompilerClass, target: CompilerClass) => boolean;
  proto[PATCHED] = true;
  proto.hasSubclassAssignableTo = function (this: CompilerClass & { program: object }, target: CompilerClass): boolean {
    if (original.call(this, target)) return true;
    const shared = sharedPrograms.get(this.program);
    return Boolean(
      shared && target.isInterface && shared.isShared(target) && shared.mayHaveForeignSubclasses(this) && !(this.prototype.decoratorFlags & FLAGS.Final),
    );
  };
}
