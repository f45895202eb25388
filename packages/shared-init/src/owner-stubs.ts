import * as assemblyscript from "assemblyscript";
import type { Binaryen, Module } from "@shared-rt/runtime/asc";
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
  /** The program's diagnostics, in the order reported (the compiler appends to them). */
  diagnostics: { category: number }[];
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
 * left out: their instantiations are made per call site. Returns the methods that did not
 * compile (see {@link compileUncalled}). A shared class with no subclass here
 * is left out too: a caller holding it by its own type compiled the class and calls it
 * directly, and compiling its unused methods would reject a program asc accepts (a method of a
 * generic class may not type-check for every instance, e.g. `${this.first}` in `Pair<Box, …>`).
 */
export function ensureOwnerStubs(compiler: Compiler, classes: Iterable<CompilerClass>, shared: SharedClasses): string[] {
  const uncompilable: string[] = [];
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
        compileUncalled(compiler, fn, uncompilable);
        compiler.ensureOverrideStub(fn);
      }
    }
  }
  return uncompilable;
}

/**
 * Compiles a method no function of this plugin calls (one it calls is compiled already), and
 * drops what compiling it reports. A method of a generic class may not type-check for every
 * instance (`${this.first}` in `Pair<Box, string>`): plain asc compiles it only when called, so
 * it accepts the program, and so must this. Its body then traps where it does not type-check,
 * which no plugin can reach: a plugin that calls it compiles the same method and is refused.
 */
function compileUncalled(compiler: Compiler, fn: CompilerFunction, uncompilable: string[]): void {
  const before = compiler.diagnostics.length;
  compiler.compileFunction(fn);
  if (compiler.diagnostics.slice(before).some((d) => d.category === DIAGNOSTIC_ERROR)) uncompilable.push(fn.internalName);
  compiler.diagnostics.length = before;
}

/** DiagnosticCategory.Error of AssemblyScript 0.28 (a const enum in its typings). */
const DIAGNOSTIC_ERROR = 3;

/**
 * Makes the body of each function that did not compile a trap: the compiler leaves such a body
 * invalid (an expression that failed stays in place), and the module must validate.
 */
export function stubOutUncompilable(binaryen: Binaryen, module: Module, names: readonly string[]): void {
  for (const name of names) {
    const fn = module.getFunction(name);
    if (!fn) continue;
    const info = binaryen.getFunctionInfo(fn);
    module.removeFunction(name);
    module.addFunction(name, info.params, info.results, info.vars, module.unreachable());
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
