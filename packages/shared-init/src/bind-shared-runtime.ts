import {
  RUNTIME_FUNCTIONS,
  RUNTIME_GLOBAL_NAMES,
  RUNTIME_GLOBALS,
  RUNTIME_NAMESPACE,
  THREAD_FUNCTIONS,
  type RuntimeFunctionName,
  type RuntimeGlobalName,
} from "@shared-rt/abi";
import { constValue as constOrUndefined, wasmTypeNames, type Binaryen, type Module } from "@shared-rt/runtime/asc";
import { SharedInitError } from "./shared-init-error.js";

const STACK_POINTER = "~lib/memory/__stack_pointer";
const DATA_END = "~lib/memory/__data_end";
const HEAP_BASE = "~lib/memory/__heap_base";
const ARGUMENTS_LENGTH = "~argumentsLength";

export interface BoundRuntime {
  /** Runtime functions the module imports from the shared runtime (before unused ones are removed). */
  functions: RuntimeFunctionName[];
  /** Whether the module pushes frames on the shared shadow stack. */
  shadowStack: boolean;
  /** End of the module's static data (its own `__data_end`, before the stack limit replaced it). */
  dataEnd: number;
}

/** Declares `internal` as an import of the runtime's global `name`, mutable as the ABI says. */
function importRuntimeGlobal(binaryen: Binaryen, module: Module, internal: string, name: RuntimeGlobalName): void {
  module.addGlobalImport(internal, RUNTIME_NAMESPACE, name, binaryen.i32, RUNTIME_GLOBALS[name].mutable);
}

function constValue(binaryen: Binaryen, expr: number): number {
  const value = constOrUndefined(binaryen, expr);
  if (value === undefined) throw new SharedInitError("UNEXPECTED_COMPILER_OUTPUT", "shared-init: expected a constant initializer");
  return value;
}

/**
 * Binds the module to the shared runtime after compilation. The runtime's entry points are
 * already imports (declare-runtime-imports.ts); here their signatures are checked against the
 * ABI, and the shadow-stack pointer and limit become the runtime's, so every plugin pushes its
 * frames onto the one stack the collector scans.
 */
export function bindSharedRuntime(binaryen: Binaryen, module: Module, options: { ownStack?: boolean; hookOnlyExports?: string[] } = {}): BoundRuntime {
  const functions: RuntimeFunctionName[] = [];
  for (let i = 0, n = module.getNumFunctions(); i < n; ++i) {
    const info = binaryen.getFunctionInfo(module.getFunctionByIndex(i));
    if (info.module !== RUNTIME_NAMESPACE) continue;
    if (info.base && info.base in THREAD_FUNCTIONS) {
      // A safepoint for threads (@shared-rt/abi threads.ts): imported as declared, no hook to bind.
      const expected = THREAD_FUNCTIONS[info.base as keyof typeof THREAD_FUNCTIONS];
      const params = wasmTypeNames(binaryen, info.params).join(",");
      const result = wasmTypeNames(binaryen, info.results).join(",") || "none";
      if (params !== expected.params.join(",") || result !== expected.result) {
        throw new SharedInitError(
          "RUNTIME_ABI_MISMATCH",
          `shared-init: '${info.base}' has type (${params}) -> ${result}, the shared runtime ABI expects (${expected.params.join(",")}) -> ${expected.result}`,
        );
      }
      continue;
    }
    if (!info.base || !(info.base in RUNTIME_FUNCTIONS)) {
      throw new SharedInitError(
        "RUNTIME_ABI_MISMATCH",
        `shared-init: the module imports '${RUNTIME_NAMESPACE}.${info.base}', which the shared runtime ABI does not define`,
      );
    }
    const name = info.base as RuntimeFunctionName;
    const expected = RUNTIME_FUNCTIONS[name];
    const params = wasmTypeNames(binaryen, info.params).join(",");
    const result = wasmTypeNames(binaryen, info.results).join(",") || "none";
    if (params !== expected.params.join(",") || result !== expected.result) {
      throw new SharedInitError(
        "RUNTIME_ABI_MISMATCH",
        `shared-init: '${name}' has type (${params}) -> ${result}, the shared runtime ABI expects (${expected.params.join(",")}) -> ${expected.result}`,
      );
    }
    functions.push(name);
  }
  functions.sort();

  // The hooks source references __data_end so that the compiler emits it even without a
  // shadow stack; once read, that reference goes away again.
  const dataEndRef = module.getGlobal(DATA_END);
  if (!dataEndRef) throw new SharedInitError("UNEXPECTED_COMPILER_OUTPUT", "shared-init: the module has no __data_end");
  const dataEnd = constValue(binaryen, binaryen.getGlobalInfo(dataEndRef).init);
  for (const name of options.hookOnlyExports ?? []) {
    if (!module.getExport(name)) continue;
    const hook = binaryen.getExportInfo(module.getExport(name)).value;
    module.removeExport(name);
    module.removeFunction(hook);
  }

  const shadowStack = Boolean(module.getGlobal(STACK_POINTER));
  if (shadowStack && options.ownStack) {
    // Fault (tests only): the plugin keeps a stack of its own, which no collector scans. Its
    // static data then ends where that stack does, so the next plugin is placed above it.
    // The stack pointer starts at the top of that stack.
    return { functions, shadowStack, dataEnd: constValue(binaryen, binaryen.getGlobalInfo(module.getGlobal(STACK_POINTER)).init) };
  }
  // Code that asks whether an object is static data compares it with __heap_base (json-as
  // does). Among plugins the answer is the runtime's: everything below its heap base is static.
  if (module.getGlobal(HEAP_BASE)) {
    module.removeGlobal(HEAP_BASE);
    importRuntimeGlobal(binaryen, module, HEAP_BASE, RUNTIME_GLOBAL_NAMES.heapBase);
  }
  // One argument count for every plugin: a caller sets it before calling a function reference,
  // which may be another plugin's function with default parameters.
  if (module.getGlobal(ARGUMENTS_LENGTH)) {
    module.removeGlobal(ARGUMENTS_LENGTH);
    importRuntimeGlobal(binaryen, module, ARGUMENTS_LENGTH, RUNTIME_GLOBAL_NAMES.argumentsLength);
  }
  if (shadowStack) {
    module.removeGlobal(STACK_POINTER);
    importRuntimeGlobal(binaryen, module, STACK_POINTER, RUNTIME_GLOBAL_NAMES.stackPointer);
    // Only the stack check reads __data_end in a module without a runtime of its own.
    module.removeGlobal(DATA_END);
    importRuntimeGlobal(binaryen, module, DATA_END, RUNTIME_GLOBAL_NAMES.stackLimit);
  }
  return { functions, shadowStack, dataEnd };
}

/** Names of the runtime functions the module imports (after unused imports are removed). */
export function runtimeImportsOf(binaryen: Binaryen, module: Module): string[] {
  const names: string[] = [];
  for (let i = 0, n = module.getNumFunctions(); i < n; ++i) {
    const info = binaryen.getFunctionInfo(module.getFunctionByIndex(i));
    if (info.module === RUNTIME_NAMESPACE && info.base) names.push(info.base);
  }
  return names.sort();
}
