/**
 * Top-level functions a plugin exports (or a shared file holds): integer and string functions
 * (also passed as values), object describers (virtual and interface calls on objects whose
 * class the plugin may never have seen), higher-order functions taking function references,
 * makers filling arrays with objects, and state holders keeping objects across steps.
 * `@@name` in a text is a function used as a value (the splitter decides what it names).
 */
import { context, intExpr, strExpr } from "./expressions.mjs";

const item = (name, kind, text, exports, ctx, refs = []) => ({ name, kind, text, exports, uses: [...(ctx?.uses ?? [])], refs });

export function intFn(r, k, fns) {
  const ctx = context(r, fns, { ints: ["x"] });
  // Sometimes an abort deep in a call from another plugin: both builds must stop alike.
  const guard = r.chance(0.15) ? `if (x == ${r.int(0, 40)}) throw new Error("bad x " + x.toString());\n  ` : "";
  const body = `${guard}return ${intExpr(ctx, 3)};`;
  return item(`i${k}`, "fn", `export function i${k}(x: i32): i32 {\n  ${body}\n}`, [{ name: `i${k}`, params: [["x", "i32"]], ret: "i32" }], ctx);
}

export function strFn(r, k, fns) {
  const ctx = context(r, fns, { strs: ["s"] });
  const body = `return ${strExpr(ctx, 3)}.slice(0, 40);`;
  return item(`s${k}`, "fn", `export function s${k}(s: string): string {\n  ${body}\n}`, [{ name: `s${k}`, params: [["s", "string"]], ret: "string" }], ctx);
}

export function descFn(r, k, fns, shared) {
  const ctx = context(r, fns, { objs: ["o"], ints: ["o.a"], strs: ["o.s"] });
  const parts = [`o.name()`, `o.label()`, `o.score(${intExpr(ctx, 1)}).toString()`];
  const cls = r.pick(shared).name;
  parts.push(`(o instanceof ${cls} ? "is ${cls}" : "not ${cls}")`);
  if (r.chance(0.5)) parts.push(`(o instanceof Sized ? "size " + changetype<Sized>(o).size().toString() : "unsized")`);
  if (r.chance(0.4)) parts.push(`(changetype<Named>(o)).name()`);
  const text = `export function d${k}(o: B0): string {\n  return ${parts.join(' + "/" + ')};\n}`;
  return item(`d${k}`, "fn", text, [{ name: `d${k}`, params: [["o", "B0"]], ret: "string" }], ctx);
}

export function hofFn(r, k) {
  const roll = r.int(0, 2);
  if (roll === 2) {
    const text = `export function h${k}(f: (v: string) => string, b: Box<string>): Box<string> {\n  return b.map(f).map(f);\n}`;
    return {
      ...item(`h${k}`, "hof", text, [
        {
          name: `h${k}`,
          params: [
            ["f", "(v: string) => string"],
            ["b", "Box<string>"],
          ],
          ret: "Box<string>",
        },
      ]),
      takes: "box",
    };
  }
  if (roll === 0) {
    const text = `export function h${k}(f: (x: i32) => i32, n: i32): i32 {\n  let t = ${r.int(0, 9)};\n  for (let i = 0; i < n; i++) t = (t * 31 + f(i)) & 1048575;\n  return t;\n}`;
    return {
      ...item(`h${k}`, "hof", text, [
        {
          name: `h${k}`,
          params: [
            ["f", "(x: i32) => i32"],
            ["n", "i32"],
          ],
          ret: "i32",
        },
      ]),
      takes: "int",
    };
  }
  const text = `export function h${k}(f: (s: string) => string, xs: string[]): string {\n  let out = "";\n  for (let i = 0; i < xs.length; i++) out += f(xs[i]) + "|";\n  return out;\n}`;
  return {
    ...item(`h${k}`, "hof", text, [
      {
        name: `h${k}`,
        params: [
          ["f", "(s: string) => string"],
          ["xs", "string[]"],
        ],
        ret: "string",
      },
    ]),
    takes: "str",
  };
}

/** A function filling an array with objects from the given makers (constructors or factories). */
/** Standard-library and generic instances, as values of type Object and how a test names them. */
export const INSTANCES = [
  ['new Box<string>("bx")', "Box<string>"],
  ["new Box<i32>(7)", "Box<i32>"],
  ["[1, 2, 3]", "Array<i32>"],
  ['["u", "v"]', "Array<string>"],
  ["new Map<string, i32>()", "Map<string,i32>"],
  ["new Set<string>()", "Set<string>"],
  ["new Array<Box<B0>>()", "Array<Box<B0>>"],
  ["new Map<i32, Box<string>>()", "Map<i32,Box<string>>"],
];

/** A function returning objects typed Object: the caller (maybe another plugin) tests what they are. */
export function anyFn(r, k, makers) {
  const ctx = context(r, {}, {});
  const picks = [r.pick(INSTANCES), r.pick(INSTANCES), r.pick(INSTANCES)];
  const maker = r.pick(makers);
  if (!maker.startsWith("new ")) ctx.uses.add(maker);
  const cases = picks.map(([expr], i) => `  if (i % 4 == ${i}) return ${expr};`).join("\n");
  const text = `export function o${k}(i: i32): Object {\n${cases}\n  return ${maker}(i, "o${k}");\n}`;
  return item(`o${k}`, "fn", text, [{ name: `o${k}`, params: [["i", "i32"]], ret: "Object" }], ctx);
}

/** A comparator, passed to Array#sort as a value. */
export function cmpFn(r, k) {
  const key = r.pick([
    "a.a - b.a",
    "b.score(1) - a.score(1)",
    "a.label() < b.label() ? -1 : a.label() > b.label() ? 1 : 0",
    "a.name().length - b.name().length || a.a - b.a",
  ]);
  const text = `export function c${k}(a: B0, b: B0): i32 {\n  return ${key};\n}`;
  return item(
    `c${k}`,
    "fn",
    text,
    [
      {
        name: `c${k}`,
        params: [
          ["a", "B0"],
          ["b", "B0"],
        ],
        ret: "i32",
      },
    ],
    null,
  );
}

export function makerFn(r, k, makers) {
  const ctx = context(r, {}, {});
  const picks = [r.pick(makers), r.pick(makers)];
  for (const m of picks) if (!m.startsWith("new ")) ctx.uses.add(m);
  const text = `export function m${k}(n: i32): B0[] {\n  const xs = new Array<B0>();\n  for (let i = 0; i < n; i++) {\n    if (i % 2 == 0) xs.push(${picks[0]}(i, "m" + i.toString()));\n    else xs.push(${picks[1]}(i * ${r.int(2, 7)}, ${JSON.stringify(`q${k}`)}));\n  }\n  return xs;\n}`;
  return item(`m${k}`, "fn", text, [{ name: `m${k}`, params: [["n", "i32"]], ret: "B0[]" }], ctx);
}

/** Plugin state: objects and counts kept across steps and the collections between them. */
export function stateItem(k) {
  const text = `let bag${k} = new Array<B0>();
let tally${k} = new Map<string, i32>();

export function keep${k}(o: B0): void {
  bag${k}.push(o);
  const key = o.name();
  tally${k}.set(key, (tally${k}.has(key) ? tally${k}.get(key) : 0) + 1);
}

export function dump${k}(): string {
  let out = bag${k}.length.toString();
  for (let i = 0; i < bag${k}.length; i++) {
    const o = bag${k}[i];
    out += "," + o.label().slice(0, 12) + "#" + o.score(i).toString() + (o.next ? ">" + o.next!.name() : "");
  }
  const keys = tally${k}.keys();
  for (let i = 0; i < keys.length; i++) out += ";" + keys[i] + "=" + tally${k}.get(keys[i]).toString();
  return out;
}`;
  const exports = [
    { name: `keep${k}`, params: [["o", "B0"]], ret: "void" },
    { name: `dump${k}`, params: [], ret: "string" },
  ];
  return item(`st${k}`, "state", text, exports, null);
}
