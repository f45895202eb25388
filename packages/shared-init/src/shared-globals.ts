import type { SharedGlobal } from "@shared-rt/abi";
import { fileOf, isDispatchedFile, type CompilerElement } from "./shared-classes.js";

const GLOBAL = 0; // ElementKind.Global
const CONST = 8; // CommonFlags.Const
const READONLY = 64; // CommonFlags.Readonly
const COMPILED = 8388608; // CommonFlags.Compiled

interface GlobalElement extends CompilerElement {
  declaration?: { range?: { start: number; source: { normalizedPath: string; lineAt(pos: number): number; columnAt(): number } } };
}

interface ProgramSlice {
  elementsByName: Map<string, CompilerElement>;
}

/**
 * The mutable globals of shared files this plugin compiled: static fields of shared classes and
 * file-level `let`s. Each plugin that compiles one has its own copy (static-library
 * semantics), unlike one module, where there is one; the linker warns when two plugins of a
 * project use the same one.
 */
export function sharedGlobals(program: object, isPrivateFile: (file: string) => boolean): SharedGlobal[] {
  const found: SharedGlobal[] = [];
  for (const element of (program as ProgramSlice).elementsByName.values()) {
    if (element.kind !== GLOBAL || !(element.flags & COMPILED) || element.flags & (CONST | READONLY)) continue;
    const file = fileOf(element);
    if (!file || !isDispatchedFile(file, isPrivateFile)) continue;
    const range = (element as GlobalElement).declaration?.range;
    const at = range ? `${range.source.normalizedPath}:${range.source.lineAt(range.start)}:${range.source.columnAt()}` : `${file}.ts`;
    found.push({ name: element.internalName, at });
  }
  return found.sort((a, b) => (a.name < b.name ? -1 : 1));
}
