import * as assemblyscript from "assemblyscript";
import { FLAGS, isOverridable } from "./force-virtual.js";
import { ELEMENT_KIND, type CompilerClass, type CompilerElement, type SharedClasses } from "./shared-classes.js";

/** The slices of the compiler and resolver used here and by the rewrites. */
export interface CompilerFunction extends CompilerElement {
  overrideStub: { internalName: string } | null;
  typeArguments: unknown[] | null;
  prototype: CompilerElement;
  getBoundClassOrInterface(): CompilerClass | null;
}
export interface Compiler {
  program: object;
  lazyFunctions: Set<unknown>;
  overrideStubs: Set<CompilerFunction>;
  pendingInstanceOf: Map<CompilerClass, string>;
  compileFunction(fn: CompilerFunction): boolean;
  ensureOverrideStub(fn: CompilerFunction): unknown;
}
interface Resolver {
  resolveFunction(proto: CompilerElement, typeArguments: null, context: Map<string, unknown>): CompilerFunction | null;
  resolveProperty(proto: CompilerElement): { getterInstance: CompilerFunction | null; setterInstance: CompilerFunction | null } | null;
}

/** What the transform does for a program while the compiler runs. */
interface CompileHooks {
  /** Called with the compiler as compilation starts. */
  started(compiler: Compiler): void;
  /** Called once, after every entry and lazy function is compiled, before stubs are made. */
  beforeStubs?(compiler: Compiler): void;
}

const hooks = new WeakMap<object, CompileHooks>();
const PATCHED = Symbol.for("shared-init.compile");

/**
 * Hooks the compiler's `compile()` for `program` (patched once per process). The point "every
 * function compiled, stubs not yet made" is when the lazy-function set is first found empty:
 * the size getter of that one set is what `compile()` asks there.
 */
export function hookCompile(program: object, compileHooks: CompileHooks): void {
  hooks.set(program, compileHooks);
  const proto = (assemblyscript as unknown as { Compiler: { prototype: Record<string | symbol, unknown> } }).Compiler.prototype;
  if (proto[PATCHED]) return;
  proto[PATCHED] = true;
  const compile = proto.compile as (this: Compiler) => unknown;
  proto.compile = function (this: Compiler): unknown {
    const hook = hooks.get(this.program);
    if (hook) {
      hook.started(this);
      if (hook.beforeStubs) watchLazyFunctions(this, hook.beforeStubs);
    }
    return compile.call(this);
  };
}

function watchLazyFunctions(compiler: Compiler, beforeStubs: (compiler: Compiler) => void): void {
  const size = Object.getOwnPropertyDescriptor(Set.prototype, "size")!.get!;
  let done = false;
  Object.defineProperty(compiler.lazyFunctions, "size", {
    get(this: Set<unknown>) {
      if (!done && size.call(this) === 0) {
        done = true;
        beforeStubs(compiler);
      }
      return size.call(this);
    },
  });
}

/**
 * Makes sure this plugin has a stub for every overridable member of every shared class and
 * interface another of its classes is assignable to, and that the member itself is compiled:
 * the compiler then compiles this plugin's overrides into those stubs, and the plugin that owns
 * a subclass can answer for it even if it never calls those methods itself. Generic methods are
 * left out: their instantiations are made per call site. A shared class with no subclass here
 * is left out too: a caller holding it by its own type compiled the class and calls it
 * directly, and compiling its unused methods would reject a program asc accepts (a method of a
 * generic class may not type-check for every instance, e.g. `${this.first}` in `Pair<Box, …>`).
 */
export function ensureOwnerStubs(compiler: Compiler, classes: Iterable<CompilerClass>, shared: SharedClasses): void {
  const resolver = (compiler.program as { resolver: Resolver }).resolver;
  const all = [...classes];
  const sharedClasses = all.filter((k) => shared.isShared(k));
  const done = new Set<CompilerClass>();
  for (const cls of all) {
    if (cls.isInterface) continue;
    for (const ancestor of sharedClasses) {
      if (ancestor === cls || done.has(ancestor) || !cls.isAssignableTo(ancestor)) continue;
      done.add(ancestor);
      for (const fn of overridableInstances(resolver, ancestor)) {
        if (!fn.is(FLAGS.Overridden)) continue;
        compiler.compileFunction(fn);
        compiler.ensureOverrideStub(fn);
      }
    }
  }
}

/** The resolved methods and accessors of `cls` that a subclass may override. */
function overridableInstances(resolver: Resolver, cls: CompilerClass): CompilerFunction[] {
  const found: CompilerFunction[] = [];
  for (const [name, member] of cls.prototype.instanceMembers ?? []) {
    if (!isOverridable(member)) continue;
    const bound = cls.members?.get(name);
    if (!bound) continue;
    if (bound.kind === ELEMENT_KIND.FunctionPrototype) {
      if (bound.is(FLAGS.Generic)) continue;
      const fn = resolver.resolveFunction(bound, null, new Map(cls.contextualTypeArguments ?? []));
      if (fn) found.push(fn);
    } else {
      const property = resolver.resolveProperty(bound);
      if (property?.getterInstance) found.push(property.getterInstance);
      if (property?.setterInstance) found.push(property.setterInstance);
    }
  }
  return found;
}
