import binaryen from "assemblyscript/binaryen";
import { expressionSetters } from "@shared-rt/runtime/asc";

/**
 * A build as Binaryen text, with every local named uniquely. Reading a binary can leave a
 * local unnamed next to one whose name is another's index (`$9` twice, at -O0 in
 * `Float64Array#reduce`), and the text would not parse back. Both builds are renamed alike,
 * so their tokens still line up; function names stay, for error messages.
 */
export function printBuild(wasm: Uint8Array): string {
  const Fn = expressionSetters(binaryen).Function;
  const module = binaryen.readBinary(wasm);
  try {
    for (let f = 0, n = module.getNumFunctions(); f < n; ++f) {
      const func = module.getFunctionByIndex(f);
      if (binaryen.getFunctionInfo(func).module) continue; // an import: no locals to print
      const used = new Set<string>();
      for (let i = 0, locals = Fn.getNumLocals(func); i < locals; ++i) {
        const base = Fn.hasLocalName(func, i) ? Fn.getLocalName(func, i) : String(i);
        let name = base;
        for (let k = 1; used.has(name); ++k) name = `${base}~${k}`;
        used.add(name);
        if (name !== base || !Fn.hasLocalName(func, i)) Fn.setLocalName(func, i, name);
      }
    }
    return module.emitText();
  } finally {
    module.dispose();
  }
}
