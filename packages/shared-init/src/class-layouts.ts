import type { ClassField, ClassLayouts } from "@shared-rt/abi";
import { libraryFiles } from "assemblyscript/asc";
import { typeToSource } from "./export-signatures.js";

type CompilerType = Parameters<typeof typeToSource>[0];

/** The slices of the compiler's `Class` (and its members) read here. */
export interface LayoutClass {
  internalName: string;
  isInterface: boolean;
  base: LayoutClass | null;
  /** Bytes of an instance's payload. */
  nextMemoryOffset: number;
  /** The file declaring the class (`~lib/array`, `shared/animals`). */
  file: { internalName: string };
  /** Instance members, inherited ones included: a field is a property prototype whose instance has an offset. */
  members: Map<string, { isField?: boolean; instance?: { memoryOffset: number; type: CompilerType } | null }> | null;
}

const OBJECT = "~lib/object/Object";
const LIBRARY_PREFIX = "~lib/";

/**
 * Whether the class comes from AssemblyScript's standard library, whose layouts the pinned
 * compiler fixes. asc serves a `~lib/` path from its own library files first and from a package
 * (`~lib/<package>/…`, found in node_modules) otherwise, so the path decides exactly.
 */
function isStandardLibrary(cls: LayoutClass): boolean {
  const file = cls.file.internalName;
  return file.startsWith(LIBRARY_PREFIX) && Object.hasOwn(libraryFiles, file.slice(LIBRARY_PREFIX.length));
}

/** The fields a class adds to its base's, in offset order. */
function ownFields(cls: LayoutClass): ClassField[] {
  const inherited = cls.base?.nextMemoryOffset ?? 0;
  const fields: ClassField[] = [];
  for (const [name, member] of cls.members ?? []) {
    const property = member.isField === true ? member.instance : null;
    // An inherited field lies below the base's size; a redeclared one keeps the base's offset.
    if (property && property.memoryOffset >= inherited) fields.push([name, typeToSource(property.type), property.memoryOffset]);
  }
  return fields.sort((a, b) => a[2] - b[2]);
}

/**
 * The layouts of a plugin's own user and package classes, keyed by internal name (paths are
 * relative to --baseDir, which the linker sets to the project directory), or undefined when it
 * has none. Standard-library classes and interfaces are left out.
 */
export function classLayouts(classes: Iterable<LayoutClass>): ClassLayouts | undefined {
  const out: ClassLayouts = {};
  for (const cls of classes) {
    if (cls.isInterface || isStandardLibrary(cls)) continue;
    const base = cls.base && cls.base.internalName !== OBJECT ? cls.base.internalName : undefined;
    const fields = ownFields(cls);
    out[cls.internalName] = { ...(base ? { base } : {}), size: cls.nextMemoryOffset, ...(fields.length ? { fields } : {}) };
  }
  return Object.keys(out).length ? out : undefined;
}
