/**
 * Statements of the exported steps. Each is a block of its own (no local outlives it), so the
 * reducer can drop any of them; each prints through the host, so both builds' outputs say what
 * ran. `env` lists what earlier items export: functions by kind, object makers, state holders.
 */
import { context, intExpr, strExpr, strLiteral } from "./expressions.mjs";
import { INSTANCES } from "./functions.mjs";

const stmt = (text, ctx, refs = []) => ({ text, uses: [...ctx.uses], refs });
const make = (ctx, m, a, s) => {
  if (!m.startsWith("new ")) ctx.uses.add(m);
  return `${m}(${a}, ${s})`;
};

function printStmt(r, env) {
  const ctx = context(r, env.fns);
  const text = r.chance(0.5) ? `print(${strExpr(ctx, 3)});` : `print((${intExpr(ctx, 3)}).toString());`;
  return stmt(`{\n    ${text}\n  }`, ctx);
}

function objectStmt(r, env) {
  const ctx = context(r, env.fns, { objs: ["o"], ints: ["o.a"], strs: ["o.s"] });
  const created = make(ctx, r.pick(env.makers), intExpr(context(r, {}), 1), strLiteral(r));
  const cls = r.pick(env.classes);
  const lines = [
    `const o: B0 = ${created};`,
    `print(o.name() + " " + o.label() + " " + o.score(${r.int(0, 9)}).toString());`,
    `print(${strExpr(ctx, 2)} + (o instanceof ${cls} ? " ${cls}" : " -") + (o instanceof Sized ? " sized" : ""));`,
  ];
  if (r.chance(0.4)) lines.push("const n: Named = o;", "print(n.name());");
  if (r.chance(0.5)) lines.push(`print(o.bonus().toString() + " " + o.bonus(${r.int(0, 9)}).toString() + " " + o.w.toString());`);
  return stmt(`{\n    ${lines.join("\n    ")}\n  }`, ctx);
}

function arrayStmt(r, env) {
  const ctx = context(r, env.fns);
  const n = r.int(2, 60);
  const maker = env.fnsByKind.maker.length && r.chance(0.5) ? r.pick(env.fnsByKind.maker) : null;
  const lines = [];
  if (maker) {
    ctx.uses.add(maker);
    lines.push(`const xs = ${maker}(${n});`);
  } else {
    lines.push("const xs = new Array<B0>();", `for (let i = 0; i < ${n}; i++) xs.push(${make(ctx, r.pick(env.makers), "i", `"e" + i.toString()`)});`);
  }
  lines.push("let t = 0;", "for (let i = 0; i < xs.length; i++) t = (t + xs[i].score(i)) & 1048575;");
  const desc = env.fnsByKind.desc.length && r.chance(0.6) ? r.pick(env.fnsByKind.desc) : null;
  if (desc) ctx.uses.add(desc);
  const tail = desc ? ` + " " + ${desc}(xs[${r.int(0, n - 1)} % xs.length])` : "";
  lines.push(`print("sum " + t.toString() + " of " + xs.length.toString()${tail});`);
  return stmt(`{\n    ${lines.join("\n    ")}\n  }`, ctx);
}

function functionValueStmt(r, env) {
  const ctx = context(r, env.fns);
  const hof = env.fnsByKind.hof.length ? r.pick(env.fnsByKind.hof) : null;
  if (hof) ctx.uses.add(hof.name);
  if (hof?.takes === "int" && env.fns.int.length) {
    const f = r.pick(env.fns.int);
    return stmt(`{\n    print("hof " + ${hof.name}(@@${f}, ${r.int(1, 40)}).toString());\n  }`, ctx, [f]);
  }
  if (hof?.takes === "box" && env.fns.str.length) {
    const f = r.pick(env.fns.str);
    return stmt(
      `{\n    const b = ${hof.name}(@@${f}, new Box<string>(${strLiteral(r)}));\n    print("box " + b.value + " " + (b instanceof Box<string> ? "yes" : "no"));\n  }`,
      ctx,
      [f],
    );
  }
  if (hof?.takes === "str" && env.fns.str.length) {
    const f = r.pick(env.fns.str);
    const xs = [strLiteral(r), strLiteral(r), strLiteral(r)].join(", ");
    return stmt(`{\n    print("hof " + ${hof.name}(@@${f}, [${xs}]));\n  }`, ctx, [f]);
  }
  if (env.fns.int.length) {
    const f = r.pick(env.fns.int);
    const lines = [
      "const fs = new Array<(x: i32) => i32>();",
      `fs.push(@@${f});`,
      `let acc = ${r.int(0, 9)};`,
      "for (let i = 0; i < fs.length; i++) acc = fs[i](acc + i);",
    ];
    lines.push(`const ys = [${r.int(0, 9)}, ${r.int(0, 9)}, ${r.int(0, 9)}].map<i32>((v: i32): i32 => v * 3 + 1);`);
    lines.push('print("fn " + acc.toString() + " " + ys.join(","));');
    return stmt(`{\n    ${lines.join("\n    ")}\n  }`, ctx, [f]);
  }
  return printStmt(r, env);
}

function sortStmt(r, env) {
  if (!env.fns.cmp.length) return arrayStmt(r, env);
  const ctx = context(r, env.fns);
  const c = r.pick(env.fns.cmp);
  const lines = ["const xs = new Array<B0>();", "const byName = new Map<string, B0>();"];
  lines.push(
    `for (let i = 0; i < ${r.int(2, 30)}; i++) {`,
    `      const o = ${make(ctx, r.pick(env.makers), `(i * ${r.int(3, 11)}) % ${r.int(5, 23)}`, `"s" + i.toString()`)};`,
  );
  lines.push("      xs.push(o);", "      byName.set(o.name() + (i % 3).toString(), o);", "    }");
  lines.push(`xs.sort(@@${c});`, 'let out = "";', 'for (let i = 0; i < xs.length; i++) out += xs[i].a.toString() + xs[i].name() + " ";');
  lines.push("const names = byName.keys();", "names.sort();", 'print("sorted " + out + "| " + names.join(",") + " " + byName.get(names[0]).label());');
  return stmt(`{\n    ${lines.join("\n    ")}\n  }`, ctx, [c]);
}

/** Objects typed Object from another function, told apart with instanceof; generic instances made here. */
function instancesStmt(r, env) {
  const ctx = context(r, env.fns);
  const lines = [];
  const any = env.fns.any.length ? r.pick(env.fns.any) : null;
  const tests = [...new Set([r.pick(INSTANCES)[1], r.pick(INSTANCES)[1], r.pick(INSTANCES)[1]])];
  const test = (v) =>
    `${tests.map((t) => `(${v} instanceof ${t.replace(/,/g, ", ")} ? "${t}" : "")`).join(" + ")} + (${v} instanceof B0 ? "B0" : "") + (${v} instanceof Named ? "N" : "")`;
  if (any) {
    ctx.uses.add(any);
    lines.push(`for (let i = 0; i < 5; i++) {`, `      const x = ${any}(i);`, `      print("is " + i.toString() + " " + ${test("x")});`, "    }");
  }
  const o = make(ctx, r.pick(env.makers), r.int(0, 9), strLiteral(r));
  lines.push(
    `const boxes = new Array<Box<B0>>();`,
    `boxes.push(new Box<B0>(${o}));`,
    `const m = new Map<i32, Box<string>>();`,
    `m.set(1, new Box<string>(boxes[0].value.name()));`,
  );
  lines.push("const x: Object = boxes;", `print("boxes " + m.get(1).value + " " + boxes[0].value.label() + " " + ${test("x")});`);
  return stmt(`{\n    ${lines.join("\n    ")}\n  }`, ctx);
}

/** Abstract methods implemented in (maybe other) plugins, called through the shared abstract class. */
function shapeStmt(r, env) {
  if (!env.shapes.length) return objectStmt(r, env);
  const ctx = context(r, env.fns);
  const lines = ["const shapes = new Array<Shape>();", `for (let i = 0; i < ${r.int(1, 12)}; i++) {`];
  const picks = [r.pick(env.shapes), r.pick(env.shapes)];
  for (const p of picks) ctx.uses.add(p);
  lines.push(`      shapes.push(i % 2 == 0 ? ${picks[0]}(i) : ${picks[1]}(i + ${r.int(1, 5)}));`, "    }");
  lines.push(
    "let total = 0;",
    'let text = "";',
    "for (let i = 0; i < shapes.length; i++) {",
    "      total += shapes[i].area();",
    '      if (i < 3) text += shapes[i].describe() + "; ";',
    "    }",
  );
  lines.push('print("shapes " + total.toString() + " " + text);');
  return stmt(`{\n    ${lines.join("\n    ")}\n  }`, ctx);
}

function mapSetStmt(r, env) {
  const ctx = context(r, env.fns, { ints: ["i"] });
  const n = r.int(3, 80);
  const lines = ["const m = new Map<string, i32>();", "const seen = new Set<i32>();"];
  lines.push(
    `for (let i = 0; i < ${n}; i++) {`,
    `      m.set("k" + (i % ${r.int(2, 13)}).toString(), ${intExpr(ctx, 1)});`,
    `      seen.add((i * ${r.int(2, 9)}) % ${r.int(3, 17)});`,
    "    }",
  );
  lines.push("const keys = m.keys();", "let t = 0;", "for (let j = 0; j < keys.length; j++) t = (t + m.get(keys[j])) & 65535;");
  lines.push(`print("map " + m.size.toString() + " " + t.toString() + " set " + seen.size.toString() + (m.has("k1") ? " k1" : "") + " " + keys.join(","));`);
  if (r.chance(0.4)) lines.push('m.delete("k0");', 'print("after delete " + m.size.toString() + " " + m.values().join(","));');
  return stmt(`{\n    ${lines.join("\n    ")}\n  }`, ctx);
}

function allocStmt(r, env) {
  const ctx = context(r, env.fns);
  const n = r.int(100, 3000);
  const lines = ['let kept = "";', "let objs = new Array<B0>();", `for (let i = 0; i < ${n}; i++) {`];
  lines.push(`      const junk = ${make(ctx, r.pick(env.makers), "i", `"j" + i.toString()`)};`);
  lines.push("      const parts = new Array<string>();", "      parts.push(junk.label());", "      parts.push(i.toString());");
  lines.push(`      if (i % ${r.int(7, 97)} == 0) {`, '        kept = (kept + parts.join(":")).slice(-30);', "        objs.push(junk);", "      }");
  if (env.collectInside && r.chance(0.5)) lines.push(`      if (i % ${r.int(200, 900)} == 0) __collect();`);
  lines.push(
    "    }",
    "let t = 0;",
    "for (let i = 0; i < objs.length; i++) t += objs[i].a;",
    'print("alloc " + kept + " " + objs.length.toString() + " " + t.toString());',
  );
  return stmt(`{\n    ${lines.join("\n    ")}\n  }`, ctx);
}

function stateStmt(r, env) {
  if (!env.states.length) return objectStmt(r, env);
  const ctx = context(r, env.fns);
  const k = r.pick(env.states);
  ctx.uses.add(`keep${k}`);
  ctx.uses.add(`dump${k}`);
  const count = r.int(1, 4);
  const lines = [`for (let i = 0; i < ${count}; i++) {`, `      const o = ${make(ctx, r.pick(env.makers), `i + ${r.int(0, 50)}`, strLiteral(r))};`];
  // Sometimes a chain of objects from several plugins, reachable only through the kept one.
  if (r.chance(0.5))
    lines.push(
      `      o.next = ${make(ctx, r.pick(env.makers), "i", strLiteral(r))};`,
      `      o.next!.next = ${make(ctx, r.pick(env.makers), "i * 2", strLiteral(r))};`,
    );
  lines.push(`      keep${k}(o);`, "    }");
  if (env.collectInside && r.chance(0.3)) lines.push("__collect();");
  lines.push(`print("state${k} " + dump${k}());`);
  return stmt(`{\n    ${lines.join("\n    ")}\n  }`, ctx);
}

/** An abort ("exception"): thrown when the condition holds; both builds must stop with the same message. */
export function throwStmt(r, env) {
  const ctx = context(r, env.fns);
  return stmt(
    `{\n    if (${intExpr(ctx, 2)} ${r.pick(["<", ">", "!="])} ${r.int(-10, 60)}) throw new Error("boom " + ${strExpr(ctx, 2)});\n    print("no boom");\n  }`,
    ctx,
  );
}

const KINDS = [
  printStmt,
  objectStmt,
  arrayStmt,
  functionValueStmt,
  functionValueStmt,
  mapSetStmt,
  allocStmt,
  stateStmt,
  stateStmt,
  sortStmt,
  instancesStmt,
  shapeStmt,
];

export function randomStatement(r, env) {
  return r.pick(KINDS)(r, env);
}
