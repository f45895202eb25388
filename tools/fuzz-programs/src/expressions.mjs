/**
 * Typed expression generators: every expression they return type-checks in AssemblyScript and
 * evaluates deterministically (no floats, no division, strings kept short). A context names the
 * locals in scope by type and the functions the expression may call; each call is recorded in
 * `ctx.uses`, so the splitter knows which plugin must import what.
 */

const WORDS = ["a", "ab", "xyz", "Hello", "wasm", "k1", "", " pad ", "A-b-C", "éa", "42", "plug", "in"];

export function strLiteral(r) {
  return JSON.stringify(r.pick(WORDS) + (r.chance(0.3) ? String(r.int(0, 99)) : ""));
}

/**
 * Search and replacement for String#replaceAll. asc 0.28's replaceAll grows its buffer by one
 * doubling when a replacement does not fit, which is not enough for a replacement longer than
 * twice the text so far: it writes past the block and corrupts the heap (both builds then abort
 * in TLSF). So a replacement is never longer than a non-empty search.
 */
function replaceArgs(r) {
  const search = JSON.parse(strLiteral(r));
  let replacement = JSON.parse(strLiteral(r));
  if (search.length && replacement.length > search.length) replacement = replacement.slice(0, search.length);
  return `${JSON.stringify(search)}, ${JSON.stringify(replacement)}`;
}

/** A fresh context: locals by type, callable functions by kind (`int`, `str`, `desc`), uses recorded. */
export function context(r, fns, locals = {}) {
  return { r, fns, ints: locals.ints ?? [], strs: locals.strs ?? [], objs: locals.objs ?? [], uses: new Set() };
}

function callable(ctx, kind) {
  const list = ctx.fns[kind] ?? [];
  return list.length ? ctx.r.pick(list) : null;
}

export function intExpr(ctx, depth = 2) {
  const { r } = ctx;
  if (depth <= 0 || r.chance(0.25)) {
    if (ctx.ints.length && r.chance(0.6)) return r.pick(ctx.ints);
    return String(r.int(-20, 120));
  }
  const d = depth - 1;
  switch (r.int(0, 11)) {
    case 0:
      return `(${intExpr(ctx, d)} + ${intExpr(ctx, d)})`;
    case 1:
      return `(${intExpr(ctx, d)} - ${intExpr(ctx, d)})`;
    case 2:
      return `((${intExpr(ctx, d)} * ${intExpr(ctx, d)}) & 65535)`;
    case 3:
      return `${strExpr(ctx, d)}.length`;
    case 4:
      return `${strExpr(ctx, d)}.indexOf(${strLiteral(r)})`;
    case 5:
      return `max<i32>(${intExpr(ctx, d)}, ${intExpr(ctx, d)})`;
    case 6:
      return `(${strExpr(ctx, d)}.includes(${strLiteral(r)}) ? ${intExpr(ctx, d)} : ${intExpr(ctx, d)})`;
    case 7: {
      const f = callable(ctx, "int");
      if (!f) return `(${intExpr(ctx, d)} ^ ${r.int(1, 255)})`;
      ctx.uses.add(f);
      return `${f}(${intExpr(ctx, d)})`;
    }
    case 8:
      if (!ctx.objs.length) return `${strExpr(ctx, d)}.charCodeAt(0)`;
      return r.chance(0.3) ? `${r.pick(ctx.objs)}.w` : `${r.pick(ctx.objs)}.score(${intExpr(ctx, d)})`;
    case 9:
      return `(${intExpr(ctx, d)} % ${r.int(2, 17)})`;
    case 10:
      return `(${strExpr(ctx, d)} == ${strExpr(ctx, d)} ? 1 : 0)`;
    default:
      return `(${intExpr(ctx, d)} << ${r.int(0, 4)})`;
  }
}

export function strExpr(ctx, depth = 2) {
  const { r } = ctx;
  if (depth <= 0 || r.chance(0.25)) {
    if (ctx.strs.length && r.chance(0.6)) return r.pick(ctx.strs);
    return strLiteral(r);
  }
  const d = depth - 1;
  switch (r.int(0, 13)) {
    case 0:
      return `(${strExpr(ctx, d)} + ${strExpr(ctx, d)})`;
    case 1:
      return `(${intExpr(ctx, d)}).toString()`;
    case 2:
      return `${strExpr(ctx, d)}.toUpperCase()`;
    case 3:
      return `${strExpr(ctx, d)}.toLowerCase()`;
    case 4:
      return `${strExpr(ctx, d)}.slice(${r.int(-4, 3)}, ${r.int(-2, 8)})`;
    case 5:
      return `${strExpr(ctx, d)}.substring(${r.int(0, 3)})`;
    case 6:
      return `${strExpr(ctx, d)}.repeat(${intExpr(ctx, d)} & 3)`;
    case 7:
      return `${strExpr(ctx, d)}.padStart(${r.int(0, 12)}, "*")`;
    case 8:
      return `${strExpr(ctx, d)}.replaceAll(${replaceArgs(r)})`;
    case 9:
      return `${strExpr(ctx, d)}.split(${JSON.stringify(r.pick(["a", "-", ""]))}).join("+")`;
    case 10: {
      const f = callable(ctx, "str");
      if (!f) return `${strExpr(ctx, d)}.trim()`;
      ctx.uses.add(f);
      return `${f}(${strExpr(ctx, d)})`;
    }
    case 11:
      if (!ctx.objs.length) return `[${strExpr(ctx, d)}, ${strExpr(ctx, d)}].join(",")`;
      return r.chance(0.25) ? `\`<\${${r.pick(ctx.objs)}}>\`` : `${r.pick(ctx.objs)}.${r.pick(["label()", "name()", "toString()"])}`;
    case 12: {
      const f = callable(ctx, "desc");
      if (!f || !ctx.objs.length) return `${strExpr(ctx, d)}.concat("!")`;
      ctx.uses.add(f);
      return `${f}(${r.pick(ctx.objs)})`;
    }
    default:
      return `(${strExpr(ctx, d)}.startsWith(${strLiteral(r)}) ? "T" : "F")`;
  }
}
