/**
 * Class hierarchies: shared classes (one file every plugin compiles, so one class id each and
 * virtual calls across plugins) and private subclasses placed in one plugin, reached by other
 * plugins only through an exported factory typed with the shared root. Method bodies read only
 * fields and parameters, so a shared file never depends on a plugin.
 */
import { context, intExpr, strExpr } from "./expressions.mjs";

function methods(r, fields, isRoot, own) {
  const ints = ["this.a", ...fields];
  const out = [`  name(): string {\n    return ${JSON.stringify(own)};\n  }`];
  if (isRoot || r.chance(0.6)) {
    const ctx = context(r, {}, { ints: [...ints, "x"], strs: ["this.s"] });
    const base = isRoot ? "" : "super.score(x) + ";
    out.push(`  score(x: i32): i32 {\n    return ${base}${intExpr(ctx, 2)};\n  }`);
  }
  if (isRoot || r.chance(0.5)) {
    const ctx = context(r, {}, { ints, strs: ["this.s"] });
    const base = isRoot || r.chance(0.5) ? "" : "super.label() + ";
    out.push(`  label(): string {\n    return ${base}${strExpr(ctx, 2)};\n  }`);
  }
  if (isRoot || r.chance(0.4)) {
    const ctx = context(r, {}, { ints, strs: ["this.s"] });
    out.push(`  get w(): i32 {\n    return ${intExpr(ctx, 1)};\n  }`);
  }
  // A default argument, on a method every plugin may call through the root type.
  if (isRoot) out.push(`  bonus(x: i32 = ${r.int(1, 9)}): i32 {\n    return this.a + x;\n  }`);
  else if (r.chance(0.3)) out.push(`  bonus(x: i32 = ${r.int(1, 9)}): i32 {\n    return super.bonus(x) * 2 + ${r.int(0, 9)};\n  }`);
  if (isRoot || r.chance(0.3)) out.push(`  toString(): string {\n    return ${JSON.stringify(`${own}(`)} + this.s + ")";\n  }`);
  return out;
}

/** Shared classes B0 (root, implements Named) … Bn, each extending an earlier one. */
export function sharedClasses(r) {
  const count = r.int(1, 4);
  const classes = [];
  for (let i = 0; i < count; i++) {
    const parent = i === 0 ? null : `B${r.int(0, i - 1)}`;
    const sized = i > 0 && r.chance(0.4);
    const fields = i === 0 ? [] : [`this.f${i}`];
    const lines = [`export class B${i}${parent ? ` extends ${parent}` : " implements Named"}${sized ? " implements Sized" : ""} {`];
    if (i === 0) lines.push("  a: i32;\n  s: string;\n  next: B0 | null = null;\n  constructor(a: i32, s: string) {\n    this.a = a;\n    this.s = s;\n  }");
    else lines.push(`  f${i}: i32 = ${r.int(0, 50)};`);
    lines.push(...methods(r, fields, i === 0, `B${i}`));
    if (sized) lines.push(`  size(): i32 {\n    return this.a + ${r.int(1, 9)};\n  }`);
    lines.push("}");
    classes.push({ name: `B${i}`, text: lines.join("\n") });
  }
  return classes;
}

export const SHARED_PRELUDE = `export interface Named {
  name(): string;
}

export interface Sized {
  size(): i32;
}

// An abstract shared API, implemented by private classes of plugins.
export abstract class Shape {
  abstract area(): i32;
  describe(): string {
    return "area " + this.area().toString();
  }
}

// A shared generic class: each instance (Box<string>, Box<B0>) is one shared class.
export class Box<T> {
  constructor(public value: T) {}
  map(f: (v: T) => T): Box<T> {
    return new Box<T>(f(this.value));
  }
}`;

/** A private implementation of the abstract Shape, with its factory. */
export function privateShape(r, k) {
  const describe = r.chance(0.4) ? `\n  describe(): string {\n    return "S${k} " + super.describe();\n  }` : "";
  const text = `class S${k} extends Shape {\n  constructor(public n: i32) {\n    super();\n  }\n  area(): i32 {\n    return this.n * ${r.int(1, 9)} + ${r.int(0, 20)};\n  }${describe}\n}\n\nexport function mkS${k}(n: i32): Shape {\n  return new S${k}(n);\n}`;
  return { name: `S${k}`, kind: "shape", text, exports: [{ name: `mkS${k}`, params: [["n", "i32"]], ret: "Shape" }], uses: [], refs: [] };
}

/**
 * A private subclass with its factory: one item, placed in one plugin's entry. Its parent is a
 * shared class or, sometimes, an earlier private class (then it goes to that class's plugin).
 */
export function privateClass(r, k, shared, privates = []) {
  const privateParent = privates.length && r.chance(0.3) ? r.pick(privates) : null;
  const parent = privateParent ? privateParent.name : r.pick(shared).name;
  const sized = r.chance(0.3);
  const lines = [`class Q${k} extends ${parent}${sized ? " implements Sized" : ""} {`, `  g${k}: i32 = ${r.int(0, 30)};`];
  lines.push(...methods(r, [`this.g${k}`], false, `Q${k}`));
  if (sized) lines.push(`  size(): i32 {\n    return this.g${k} * 2;\n  }`);
  lines.push("}");
  const factory = `export function mkQ${k}(a: i32, s: string): B0 {\n  return new Q${k}(a, s);\n}`;
  return {
    name: `Q${k}`,
    kind: "class",
    text: `${lines.join("\n")}\n\n${factory}`,
    exports: [
      {
        name: `mkQ${k}`,
        params: [
          ["a", "i32"],
          ["s", "string"],
        ],
        ret: "B0",
      },
    ],
    uses: [],
    refs: [],
    samePluginAs: privateParent?.name,
  };
}
