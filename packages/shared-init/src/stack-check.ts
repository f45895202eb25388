import type { Binaryen, Module } from "@shared-rt/runtime/asc";

const STACK_CHECK = "~stack_check";
const STACK_POINTER = "~lib/memory/__stack_pointer";
/** The stack limit: asc compares with its __data_end, which bindSharedRuntime made the runtime's __stack_limit. */
const STACK_LIMIT = "~lib/memory/__data_end";
const ABORT = "~lib/builtins/abort";

/**
 * asc's shadow-stack check, without its message: `if (sp < limit) abort(0, 0, 0, 0)`.
 *
 * asc aborts with "stack overflow" in "~lib/native.ts", two strings that made every plugin with
 * a shadow stack carry ~90 bytes of static data (and 4-byte addresses at every inlined check).
 * The host does not read them: the stack pointer below the shared stack's limit is what tells
 * it the shared stack is exhausted (@shared-rt/runner's abort), so the check passes no message.
 */
export function checkStackWithoutMessage(binaryen: Binaryen, module: Module): void {
  if (!module.getFunction(STACK_CHECK) || !module.getFunction(ABORT)) return;
  const info = binaryen.getFunctionInfo(module.getFunction(STACK_CHECK));
  module.removeFunction(STACK_CHECK);
  const zero = () => module.i32.const(0);
  module.addFunction(
    STACK_CHECK,
    info.params,
    info.results,
    [],
    module.if(
      module.i32.lt_s(module.global.get(STACK_POINTER, binaryen.i32), module.global.get(STACK_LIMIT, binaryen.i32)),
      module.block(null, [module.call(ABORT, [zero(), zero(), zero(), zero()], binaryen.none), module.unreachable()]),
    ),
  );
}
