/**
 * Class layouts: what a plugin records about the memory layout of its own classes, and the one
 * comparison the linker (every pair of linked plugins) and the host (a plugin loaded into a
 * running host against those already loaded) make of them. A class with one canonical name
 * must mean the same bytes in every plugin of a memory; otherwise an object made by one plugin
 * would be read with another's offsets.
 */

/**
 * A field, compactly: its name, its type as AssemblyScript source spells it (`i32`, `string`,
 * `Array<string> | null`, `Animal`), and its byte offset in the object's payload.
 */
export type ClassField = [name: string, type: string, offset: number];

/** The layout of one class. */
export interface ClassLayout {
  /** Canonical name of the base class; absent when the class extends nothing (but `Object`). */
  base?: string;
  /** Bytes of an instance's payload (after the object header), inherited fields included. */
  size: number;
  /**
   * The fields the class adds to its base's, in offset order (inherited ones are the base's
   * own entry); absent when it adds none.
   */
  fields?: ClassField[];
}

/**
 * Class layouts keyed by canonical name: the compiler's internal name, with paths relative to
 * the project directory and generic arguments included (`shared/animals/Animal`,
 * `shared/box/Box<~lib/string/String>`, `~lib/pkg/index/Thing` for a package's class).
 */
export type ClassLayouts = Record<string, ClassLayout>;

/** The first way two plugins' layouts of one class differ. */
export interface ClassLayoutDifference {
  /** Canonical name of the class. */
  className: string;
  /** What differs, naming both plugins: `field 'legs' is i32 at offset 4 in 'dogs', f64 at offset 8 in 'zoo'`. */
  detail: string;
}

function describeField(field: ClassField | undefined): string {
  return field ? `${field[1]} at offset ${field[2]}` : "absent";
}

function sameField(a: ClassField | undefined, b: ClassField | undefined): boolean {
  return a !== undefined && b !== undefined && a[0] === b[0] && a[1] === b[1] && a[2] === b[2];
}

/** The first field (lowest offset) on which two field lists disagree, described for both sides. */
function fieldDifference(a: ClassField[], b: ClassField[], nameA: string, nameB: string): string | undefined {
  for (let i = 0; i < Math.max(a.length, b.length); ++i) {
    if (sameField(a[i], b[i])) continue;
    const candidates = [a[i], b[i]].filter((f): f is ClassField => f !== undefined).sort((x, y) => x[2] - y[2]);
    for (const [name] of candidates) {
      const inA = a.find((f) => f[0] === name);
      const inB = b.find((f) => f[0] === name);
      if (!sameField(inA, inB)) return `field '${name}' is ${describeField(inA)} in '${nameA}', ${describeField(inB)} in '${nameB}'`;
    }
  }
  return undefined;
}

/**
 * How plugin `nameA`'s layout of a class differs from plugin `nameB`'s, or undefined when they
 * are the same: the base class first, then the first field that differs (by name, type or
 * offset, or present on one side only), then the instance size.
 */
export function classLayoutDifference(a: ClassLayout, b: ClassLayout, nameA: string, nameB: string): string | undefined {
  if ((a.base ?? "") !== (b.base ?? "")) {
    const base = (l: ClassLayout) => (l.base ? `'${l.base}'` : "none");
    return `its base class is ${base(a)} in '${nameA}', ${base(b)} in '${nameB}'`;
  }
  const fields = fieldDifference(a.fields ?? [], b.fields ?? [], nameA, nameB);
  if (fields) return fields;
  if (a.size !== b.size) return `an instance is ${a.size} bytes in '${nameA}', ${b.size} in '${nameB}'`;
  return undefined;
}

/** How many of a class's bases the record itself describes (0 for a root). */
function depth(layouts: ClassLayouts, name: string): number {
  let n = 0;
  for (let base = layouts[name]?.base; base !== undefined && base in layouts && n < 1000; base = layouts[base].base) ++n;
  return n;
}

/**
 * The first class both plugins define with different layouts, or undefined. Bases are compared
 * before their subclasses (a changed base shows as the base's field, not as a subclass's size),
 * then classes in name order, so the answer does not depend on either plugin's id order.
 */
export function firstClassLayoutDifference(a: ClassLayouts, b: ClassLayouts, nameA: string, nameB: string): ClassLayoutDifference | undefined {
  const common = Object.keys(a).filter((name) => Object.hasOwn(b, name));
  const ordered = common.map((name) => ({ name, depth: depth(a, name) })).sort((x, y) => x.depth - y.depth || (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  for (const { name } of ordered) {
    const detail = classLayoutDifference(a[name], b[name], nameA, nameB);
    if (detail) return { className: name, detail };
  }
  return undefined;
}

/** `class 'shared/animals/Animal' differs between plugin 'dogs' and plugin 'zoo': field 'legs' is …`. */
export function classLayoutMismatchMessage(difference: ClassLayoutDifference, nameA: string, nameB: string): string {
  return `class '${difference.className}' differs between plugin '${nameA}' and plugin '${nameB}': ${difference.detail}`;
}
