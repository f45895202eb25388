import type { ExportSignature } from "@shared-rt/abi";
import { wasmFunctionType, type Binaryen, type Module } from "@shared-rt/runtime/asc";

/** The slices of the compiler's program model read here. */
export interface CompilerClass {
  name: string;
  internalName: string;
  typeArguments?: CompilerType[] | null;
  base: CompilerClass | null;
  interfaces: Set<CompilerClass> | null;
}
interface CompilerType {
  toString(validWat?: boolean): string;
  isReference?: boolean;
  classReference?: CompilerClass | null;
}
interface CompilerFunction {
  signature: { parameterTypes: CompilerType[]; returnType: CompilerType; requiredParameters: number };
}
interface CompilerElement {
  kind: number;
  instances?: Map<string, CompilerFunction> | null;
}
interface CompilerFile {
  source: { sourceKind: number };
  exports: Map<string, CompilerElement> | null;
}
export interface CompilerProgram {
  filesByName: Map<string, CompilerFile>;
  instancesByName: Map<string, CompilerFunction | { kind: number }>;
}

/** SourceKind.UserEntry in AssemblyScript 0.28. */
const USER_ENTRY = 1;

/** Spells a class the way AssemblyScript source does: `string`, `Array<string>`. */
function classToSource(cls: CompilerClass): string {
  const simple = cls.internalName === "~lib/string/String" ? "string" : cls.name.replace(/<.*$/, "");
  const args = cls.typeArguments;
  return args?.length ? `${simple}<${args.map(typeToSource).join(",")}>` : simple;
}

/** Spells a type the way AssemblyScript source does: `string`, `Array<string>`, `i32`. */
export function typeToSource(type: CompilerType): string {
  const cls = type.classReference;
  if (!cls) return type.toString();
  const spelled = classToSource(cls);
  const nullable = type.toString().endsWith("| null");
  return nullable ? `${spelled} | null` : spelled;
}

/** A class's base classes and interfaces, all the way up, spelled as types are (Object left out). */
function classBases(cls: CompilerClass): string[] {
  const bases = new Set<string>();
  const visit = (c: CompilerClass) => {
    for (const i of c.interfaces ?? []) {
      if (bases.has(classToSource(i))) continue;
      bases.add(classToSource(i));
      visit(i);
    }
    if (c.base) {
      bases.add(classToSource(c.base));
      visit(c.base);
    }
  };
  visit(cls);
  // Object is every class's base; saying so decides nothing.
  bases.delete("Object");
  return [...bases].sort();
}

/** The bases of each class that has any, keyed by the class as types spell it. */
export function basesOfClasses(classes: Iterable<CompilerClass>): Record<string, string[]> | undefined {
  const out: Record<string, string[]> = {};
  for (const cls of classes) {
    const bases = classBases(cls);
    if (bases.length) out[classToSource(cls)] = bases;
  }
  return Object.keys(out).length ? sortedRecord(out) : undefined;
}

/**
 * The base classes and interfaces of every class type in a signature, so that a link check
 * can accept a subclass where its base is declared.
 */
function basesOf(types: CompilerType[]): Record<string, string[]> | undefined {
  return basesOfClasses(types.flatMap((t) => (t.classReference ? [t.classReference] : [])));
}

function sortedRecord<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * Signatures of the functions the module imports from other plugins or the host (keyed
 * `module.name`): the AssemblyScript types of the `@external` declaration and the wasm type.
 */
export function importSignatures(binaryen: Binaryen, module: Module, program: CompilerProgram, skip: Set<string>): Record<string, ExportSignature> {
  const out: Record<string, ExportSignature> = {};
  for (let i = 0, n = module.getNumFunctions(); i < n; ++i) {
    const info = binaryen.getFunctionInfo(module.getFunctionByIndex(i));
    if (!info.module || skip.has(info.module)) continue;
    const declared = program.instancesByName.get(info.name) as CompilerFunction | undefined;
    const bases = declared?.signature ? basesOf([...declared.signature.parameterTypes, declared.signature.returnType]) : undefined;
    out[`${info.module}.${info.base}`] = {
      params: declared?.signature ? declared.signature.parameterTypes.map(typeToSource) : [],
      result: declared?.signature ? typeToSource(declared.signature.returnType) : "?",
      wasm: wasmFunctionType(binaryen, info.params, info.results),
      ...(bases ? { bases } : {}),
    };
  }
  return sortedRecord(out);
}

/** Signatures of the functions the entry files export (only compiled, non-generic ones). */
export function exportSignatures(program: CompilerProgram, exportNames: Set<string>): Record<string, ExportSignature> {
  const out: Record<string, ExportSignature> = {};
  for (const file of program.filesByName.values()) {
    if (file.source.sourceKind !== USER_ENTRY || !file.exports) continue;
    for (const [name, element] of file.exports) {
      const instance = element.instances?.get("");
      if (!instance || !exportNames.has(name)) continue;
      const { parameterTypes, requiredParameters, returnType } = instance.signature;
      out[name] = {
        params: parameterTypes.map(typeToSource),
        result: typeToSource(returnType),
        // Trailing parameters with defaults (export-varargs.ts makes them omittable).
        ...(requiredParameters < parameterTypes.length ? { optional: parameterTypes.length - requiredParameters } : {}),
      };
      const bases = basesOf([...parameterTypes, returnType]);
      if (bases) out[name].bases = bases;
    }
  }
  return sortedRecord(out);
}

/** Adds the wasm type of each exported function to its signature. */
export function addExportWasmTypes(binaryen: Binaryen, module: Module, signatures: Record<string, ExportSignature>): void {
  for (const [name, signature] of Object.entries(signatures)) {
    const ref = module.getExport(name);
    if (!ref) continue;
    const info = binaryen.getFunctionInfo(module.getFunction(binaryen.getExportInfo(ref).value));
    signature.wasm = wasmFunctionType(binaryen, info.params, info.results);
  }
}
