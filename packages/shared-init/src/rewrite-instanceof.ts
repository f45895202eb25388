import { expressionInfo, expressionSetters, type Binaryen, type Module } from "@shared-rt/runtime/asc";
import { ELEMENT_KIND, type SharedClasses } from "./shared-classes.js";
import type { Compiler } from "./owner-stubs.js";
import { importDispatch } from "./rewrite-override-stubs.js";
import { SharedInitError } from "./shared-init-error.js";

const INSTANCEOF = "~shared-rt/instanceof";

/**
 * `x instanceof Dog` and the check of `x as Dog` call the compiler's `~instanceof|<Dog>`, which
 * compares the object's id with Dog's and those of the subclasses THIS plugin knows, then
 * returns 0. For a class or interface not private to this plugin (shared, or standard) that last
 * `return 0` becomes
 * `return __shared_instanceof(id, Dog's id)`: the runtime knows every registered class's shared
 * ancestors, so a subclass only another plugin knows is recognised. Returns how many it rewrote.
 */
export function rewriteInstanceof(binaryen: Binaryen, module: Module, compiler: Compiler, shared: SharedClasses): number {
  let count = 0;
  for (const [target, name] of compiler.pendingInstanceOf) {
    if (target.kind !== ELEMENT_KIND.Class && target.kind !== ELEMENT_KIND.Interface) continue;
    // A standard class (`Array<string>`) too: a private class of another plugin may extend it.
    if (!shared.mayHaveForeignSubclasses(target) || target.id === 0) continue;
    const ref = module.getFunction(name);
    if (!ref) continue; // removed as unused
    // (block (block $is_instance (local.set 1 (load id)) (br_if …)… (return (i32.const 0))) (i32.const 1))
    const outer = expressionInfo(binaryen, binaryen.getFunctionInfo(ref).body);
    const inner = outer.children?.[0];
    const children = inner ? (expressionInfo(binaryen, inner).children ?? []) : [];
    const last = children.length - 1;
    if (!inner || last < 0 || binaryen.getExpressionId(children[last]) !== binaryen.ReturnId) {
      throw new SharedInitError("UNEXPECTED_COMPILER_OUTPUT", `shared-init: '${name}' does not have the shape of AssemblyScript 0.28's instanceof helper`);
    }
    importDispatch(binaryen, module, INSTANCEOF, "__shared_instanceof");
    const ask = module.call(INSTANCEOF, [module.local.get(1, binaryen.i32), module.i32.const(target.id)], binaryen.i32);
    expressionSetters(binaryen).Block.setChildAt(inner, last, module.return(ask));
    count++;
  }
  return count;
}
