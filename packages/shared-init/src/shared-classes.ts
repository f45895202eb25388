/**
 * Which user classes are SHARED: reachable from more than one plugin, so that an object of a
 * subclass only another plugin knows may arrive as one of them. A user class is shared unless
 * it is declared in a plugin-private file: the plugin's entry file, or a file under one of
 * `privateDirs` (SharedInitOptions, env SHARED_INIT_PRIVATE_DIRS). Standard-library classes
 * (`~lib/`) are not: their methods stay as the compiler makes them (ARCHITECTURE.md says what
 * that leaves out).
 *
 * (The shared-ids work decides the same for class ids; when both exist, this is the one
 * function to swap for theirs.)
 */
export function isSharedFile(internalPath: string, entryPaths: ReadonlySet<string>, privateDirs: readonly string[]): boolean {
  // `~lib/…` is the standard library (and packages), `~shared-init/…` the transform's own source.
  if (internalPath.startsWith("~")) return false;
  if (entryPaths.has(internalPath)) return false;
  return !privateDirs.some((dir) => internalPath === dir || internalPath.startsWith(`${dir.replace(/\/+$/, "")}/`));
}

/** The private directories from the environment: SHARED_INIT_PRIVATE_DIRS, comma-separated. */
export function envPrivateDirs(): string[] {
  const raw = typeof process !== "undefined" ? process.env.SHARED_INIT_PRIVATE_DIRS : undefined;
  return (raw ?? "")
    .split(",")
    .map((d) => d.trim().replace(/^\.\//, ""))
    .filter(Boolean);
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

/** Decides for classes, with the plugin's entry files and private directories. */
export class SharedClasses {
  constructor(
    private readonly entryPaths: ReadonlySet<string>,
    private readonly privateDirs: readonly string[],
  ) {}

  isSharedPath(internalPath: string): boolean {
    return isSharedFile(internalPath, this.entryPaths, this.privateDirs);
  }

  /** A user class or interface (prototype or instance) declared in a shared file. */
  isShared(element: CompilerElement): boolean {
    const proto = (element as CompilerClass).prototype ?? element;
    return this.isSharedPath(fileOf(proto));
  }
}
