import { libraryFiles } from "assemblyscript/asc";

/**
 * Which classes are SHARED: reachable from more than one plugin. A class is private to the
 * plugin when it is declared in one of the plugin's private files (its entry file, or a file
 * under one of its private directories: assign-class-ids.ts `privateFiles` decides, for ids and
 * for dispatch alike); every other class is shared and gets the project's id for its canonical
 * name. Of the shared classes, those of user files and packages have their methods dispatched
 * across plugins; the standard library's (`~lib/array`, `~lib/map`, …) keep the calls the
 * compiler makes (ARCHITECTURE.md says what that leaves out).
 */
const STANDARD_FILES = new Set(Object.keys(libraryFiles).map((name) => `~lib/${name}`));

/** Whether methods of classes declared in this file are dispatched across plugins. */
export function isDispatchedFile(internalPath: string, isPrivateFile: (file: string) => boolean): boolean {
  // `~shared-init/…` is the transform's own source; `~lib/<std file>` the standard library.
  if (internalPath.startsWith("~") && (!internalPath.startsWith("~lib/") || STANDARD_FILES.has(internalPath))) return false;
  return !isPrivateFile(internalPath);
}

/** The slices of the compiler's elements read by the dispatch files. */
export interface CompilerElement {
  kind: number;
  internalName: string;
  flags: number;
  decoratorFlags: number;
  parent: CompilerElement | null;
  is(flag: number): boolean;
}

export interface ClassPrototype extends CompilerElement {
  instanceMembers: Map<string, CompilerElement> | null;
}

export interface CompilerClass extends CompilerElement {
  id: number;
  prototype: ClassPrototype;
  isInterface: boolean;
  members: Map<string, CompilerElement> | null;
  contextualTypeArguments: Map<string, unknown> | null;
  isAssignableTo(other: CompilerClass): boolean;
}

/** ElementKind of AssemblyScript 0.28 (a const enum in its typings). */
export const ELEMENT_KIND = {
  FunctionPrototype: 4,
  Function: 5,
  ClassPrototype: 6,
  Class: 7,
  InterfacePrototype: 8,
  Interface: 9,
  PropertyPrototype: 10,
  File: 13,
} as const;

/** The internal path of the file an element is declared in (`shared/animals`), or "". */
export function fileOf(element: CompilerElement): string {
  let e: CompilerElement | null = element;
  while (e && e.kind !== ELEMENT_KIND.File) e = e.parent;
  return e ? e.internalName : "";
}

/** Decides for classes, with the plugin's private files. */
export class SharedClasses {
  constructor(private readonly isPrivateFile: (file: string) => boolean) {}

  isSharedPath(internalPath: string): boolean {
    return isDispatchedFile(internalPath, this.isPrivateFile);
  }

  /**
   * Whether a class may have subclasses this plugin does not know: any class not declared in a
   * private file (nor in the transform's own source) — shared user and package classes, and the
   * standard library's too (`Object`, `Array<T>`), which a class of another plugin may extend.
   */
  mayHaveForeignSubclasses(element: CompilerElement): boolean {
    const file = fileOf((element as CompilerClass).prototype ?? element);
    return !file.startsWith("~shared-init") && !this.isPrivateFile(file);
  }

  /** A user class or interface (prototype or instance) declared in a shared file. */
  isShared(element: CompilerElement): boolean {
    const proto = (element as CompilerClass).prototype ?? element;
    return this.isSharedPath(fileOf(proto));
  }
}
