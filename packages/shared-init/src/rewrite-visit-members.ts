import { RUNTIME_GLOBAL_NAMES, RUNTIME_GLOBALS, RUNTIME_NAMESPACE } from "@shared-rt/abi";
import { expressionInfo, expressionSetters, type Binaryen, type Module } from "@shared-rt/runtime/asc";
import { SharedInitError } from "./shared-init-error.js";

export const VISIT_MEMBERS = "~lib/rt/__visit_members";

/** Finds the one br_table of the generated `__visit_members` (it switches on the class id). */
function findSwitch(binaryen: Binaryen, expr: number): number {
  const info = expressionInfo(binaryen, expr);
  if (info.id === binaryen.SwitchId) return expr;
  if (info.id === binaryen.BlockId) {
    for (const child of info.children ?? []) {
      const found = findSwitch(binaryen, child);
      if (found) return found;
    }
  }
  return 0;
}

/** Internal name of the imported runtime global the rewritten switch reads. */
const VISIT_INDEX = "~shared-rt/__shared_visit_index";

/**
 * The compiler generated `__visit_members` as a switch over *compact* class indices
 * (assign-class-ids.ts): 0–3 common, then 4 + k for the plugin's k-th class. Its ids are not
 * contiguous (shared ids are the project's, private ones the plugin's range), and an object of
 * a shared class may come from any plugin; so the switch reads no id at all. The runtime sets
 * its global `RUNTIME_GLOBAL_NAMES.visitIndex` to the compact index of the object's class in the plugin
 * owning the id right before calling that plugin's visitor, and the switch reads that. An index
 * the switch does not know lands in the generated `unreachable` case.
 */
export function rewriteVisitMembers(binaryen: Binaryen, module: Module): void {
  const ref = module.getFunction(VISIT_MEMBERS);
  if (!ref) return;
  const info = binaryen.getFunctionInfo(ref);
  const switchExpr = findSwitch(binaryen, info.body);
  if (!switchExpr) throw new SharedInitError("UNEXPECTED_COMPILER_OUTPUT", "shared-init: the generated __visit_members has no class-id switch");
  const name = RUNTIME_GLOBAL_NAMES.visitIndex;
  module.addGlobalImport(VISIT_INDEX, RUNTIME_NAMESPACE, name, binaryen.i32, RUNTIME_GLOBALS[name].mutable);
  // The id the compiler loaded is no longer needed; the index is.
  expressionSetters(binaryen).Switch.setCondition(switchExpr, module.global.get(VISIT_INDEX, binaryen.i32));
}
