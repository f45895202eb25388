import type binaryenNs from "assemblyscript/binaryen";
import { RUNTIME_FUNCTIONS, RUNTIME_NAMESPACE, type RuntimeFunctionName } from "@shared-rt/runtime";

type Binaryen = typeof binaryenNs;
type Module = binaryenNs.Module;

/** Internal names under which AssemblyScript compiles the runtime's entry points. */
const RUNTIME_FUNCTION_PATTERN = /^~lib\/rt\/(?:tlsf\/|itcms\/|tcms\/)?(__\w+)$/;

const STACK_POINTER = "~lib/memory/__stack_pointer";
const DATA_END = "~lib/memory/__data_end";
const HEAP_BASE = "~lib/memory/__heap_base";

export interface BoundRuntime {
  /** Runtime functions the module now imports from the shared runtime. */
  functions: RuntimeFunctionName[];
  /** Whether the module pushes frames on the shared shadow stack. */
  shadowStack: boolean;
  /** Value of the module's own `__data_end` before the stack limit replaced it. */
  dataEnd: number;
}

function typeName(binaryen: Binaryen, type: number): string {
  if (type === binaryen.none) return "";
  return binaryen.expandType(type).map((t) => (t === binaryen.i32 ? "i32" : t === binaryen.i64 ? "i64" : t === binaryen.f32 ? "f32" : t === binaryen.f64 ? "f64" : String(t))).join(",");
}

function constValue(binaryen: Binaryen, expr: number): number {
  const info = binaryen.getExpressionInfo(expr) as { id: number; value?: number };
  if (info.id !== binaryen.ConstId || typeof info.value !== "number") {
    throw new Error("shared-init: expected a constant initializer");
  }
  return info.value;
}

/**
 * Turns the stock runtime compiled into the module into imports of the shared one.
 *
 * The module was compiled exactly as with `--runtime incremental` (or `minimal`): same code
 * generation, same write barriers, same shadow stack. Here every runtime entry point becomes
 * an import of the same name from the shared runtime, and the shadow-stack pointer and limit
 * become the runtime's, so every plugin pushes its frames onto one stack. What only the
 * embedded runtime used (TLSF, the collector, their globals) is then unreferenced and is
 * removed.
 */
export function bindSharedRuntime(binaryen: Binaryen, module: Module, options: { ownStack?: boolean } = {}): BoundRuntime {
  const functions: RuntimeFunctionName[] = [];
  for (let i = module.getNumFunctions() - 1; i >= 0; --i) {
    const info = binaryen.getFunctionInfo(module.getFunctionByIndex(i));
    if (info.module) continue; // already an import
    const match = RUNTIME_FUNCTION_PATTERN.exec(info.name);
    if (!match || !(match[1] in RUNTIME_FUNCTIONS)) continue;
    const name = match[1] as RuntimeFunctionName;
    const expected = RUNTIME_FUNCTIONS[name];
    const params = typeName(binaryen, info.params);
    const result = typeName(binaryen, info.results) || "none";
    if (params !== expected.params.join(",") || result !== expected.result) {
      throw new Error(
        `shared-init: the compiled runtime function '${name}' has type (${params}) -> ${result}, the shared runtime ABI expects (${expected.params.join(",")}) -> ${expected.result}`,
      );
    }
    module.removeFunction(info.name);
    module.addFunctionImport(info.name, RUNTIME_NAMESPACE, name, info.params, info.results);
    functions.push(name);
  }
  functions.sort();

  // __data_end exists where a shadow stack checks against it; without one, the heap base of
  // the (removed) allocator is the end of static data, as no stack is reserved.
  const dataEndRef = module.getGlobal(DATA_END) || module.getGlobal(HEAP_BASE);
  if (!dataEndRef) throw new Error("shared-init: the module has neither __data_end nor __heap_base; was it compiled with a runtime?");
  const dataEnd = constValue(binaryen, binaryen.getGlobalInfo(dataEndRef).init);

  const shadowStack = Boolean(module.getGlobal(STACK_POINTER));
  if (shadowStack && options.ownStack) {
    // Fault (tests only): the plugin keeps a stack of its own, which no collector scans. Its
    // static data then ends where that stack does, so the next plugin is placed above it.
    return { functions, shadowStack, dataEnd: constValue(binaryen, binaryen.getGlobalInfo(module.getGlobal(HEAP_BASE)).init) };
  }
  if (shadowStack) {
    module.removeGlobal(STACK_POINTER);
    module.addGlobalImport(STACK_POINTER, RUNTIME_NAMESPACE, "__stack_pointer", binaryen.i32, true);
    // __data_end is only read by the stack check once the runtime is gone.
    module.removeGlobal(DATA_END);
    module.addGlobalImport(DATA_END, RUNTIME_NAMESPACE, "__stack_limit", binaryen.i32, false);
  }
  return { functions, shadowStack, dataEnd };
}
