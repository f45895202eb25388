import type { ExportSignature } from "./layout.js";

/** The slices of the compiler's program model read here. */
interface CompilerType {
  toString(validWat?: boolean): string;
  isReference?: boolean;
  classReference?: { name: string; internalName: string; typeArguments?: CompilerType[] | null } | null;
}
interface CompilerFunction {
  signature: { parameterTypes: CompilerType[]; returnType: CompilerType };
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
}

/** SourceKind.UserEntry in AssemblyScript 0.28. */
const USER_ENTRY = 1;

/** Spells a type the way AssemblyScript source does: `string`, `Array<string>`, `i32`. */
export function typeToSource(type: CompilerType): string {
  const cls = type.classReference;
  if (!cls) return type.toString();
  const simple = cls.internalName === "~lib/string/String" ? "string" : cls.name.replace(/<.*$/, "");
  const args = cls.typeArguments;
  const spelled = args && args.length ? `${simple}<${args.map(typeToSource).join(",")}>` : simple;
  const nullable = type.toString().endsWith("| null");
  return nullable ? `${spelled} | null` : spelled;
}

/** Signatures of the functions the entry files export (only compiled, non-generic ones). */
export function exportSignatures(program: CompilerProgram, exportNames: Set<string>): Record<string, ExportSignature> {
  const out: Record<string, ExportSignature> = {};
  for (const file of program.filesByName.values()) {
    if (file.source.sourceKind !== USER_ENTRY || !file.exports) continue;
    for (const [name, element] of file.exports) {
      const instance = element.instances?.get("");
      if (!instance || !exportNames.has(name)) continue;
      out[name] = {
        params: instance.signature.parameterTypes.map(typeToSource),
        result: typeToSource(instance.signature.returnType),
      };
    }
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
