import { COMMON_CLASS_IDS } from "@shared-rt/abi";
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

/**
 * The compiler generated `__visit_members` as a switch over *compact* class indices
 * (assign-class-ids.ts): 0–3 common, then 4 + k for the plugin's class `base + k`. The switch
 * reads the object's real id, so map it: `id < 4` stays, `base <= id < base + count` becomes
 * `id - base + 4`, and every other id becomes an index past the table, which lands in the
 * generated `unreachable` case — an id this plugin does not own is never visited silently.
 */
export function rewriteVisitMembers(binaryen: Binaryen, module: Module, base: number, count: number): void {
  const ref = module.getFunction(VISIT_MEMBERS);
  if (!ref) return;
  const info = binaryen.getFunctionInfo(ref);
  const switchExpr = findSwitch(binaryen, info.body);
  if (!switchExpr) throw new SharedInitError("UNEXPECTED_COMPILER_OUTPUT", "shared-init: the generated __visit_members has no class-id switch");
  const { i32 } = binaryen;
  const idLocal = binaryen.expandType(info.params).length + info.vars.length;
  const id = () => module.local.get(idLocal, i32);
  const condition = expressionInfo(binaryen, switchExpr).condition!;
  const compact = module.block(
    null,
    [
      module.local.set(idLocal, condition),
      module.select(
        module.i32.lt_u(id(), module.i32.const(COMMON_CLASS_IDS)),
        id(),
        module.select(
          module.i32.lt_u(module.i32.sub(id(), module.i32.const(base)), module.i32.const(count)),
          module.i32.add(module.i32.sub(id(), module.i32.const(base)), module.i32.const(COMMON_CLASS_IDS)),
          module.i32.const(-1),
        ),
      ),
    ],
    i32,
  );
  expressionSetters(binaryen).Switch.setCondition(switchExpr, compact);
  module.removeFunction(VISIT_MEMBERS);
  module.addFunction(VISIT_MEMBERS, info.params, info.results, [...info.vars, i32], info.body);
}
