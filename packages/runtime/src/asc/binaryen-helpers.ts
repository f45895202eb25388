import type binaryenNs from "assemblyscript/binaryen";

/**
 * The one place shared-rt reaches into Binaryen beyond its typed API: binaryen.js describes
 * expressions and offers setters that its typings do not declare, so the casts live here, each
 * with the shape it relies on, instead of scattered through the transforms.
 */

export type Binaryen = typeof binaryenNs;
export type Module = binaryenNs.Module;
export type ExpressionRef = number;

/** Spells a wasm value type (or tuple) as names: `["i32", "f64"]`; `[]` for none. */
export function wasmTypeNames(binaryen: Binaryen, type: number): string[] {
  if (type === binaryen.none) return [];
  const name = (t: number) =>
    t === binaryen.i32 ? "i32" : t === binaryen.i64 ? "i64" : t === binaryen.f32 ? "f32" : t === binaryen.f64 ? "f64" : t === binaryen.v128 ? "v128" : "ref";
  return binaryen.expandType(type).map(name);
}

/** A wasm function type, spelled `(i32,i32)->i32` (`->none` without results), for link-time checks. */
export function wasmFunctionType(binaryen: Binaryen, params: number, results: number): string {
  const r = wasmTypeNames(binaryen, results);
  return `(${wasmTypeNames(binaryen, params).join(",")})->${r.length ? r.join(",") : "none"}`;
}

/** What binaryen.js tells about an expression, for the kinds read here. */
export interface ExpressionInfo {
  id: number;
  /** `Const`: the value (i32/f32/f64; i64 as low/high). */
  value?: number;
  /** `Call`: the callee. */
  target?: string;
  /** `Block`: the children. */
  children?: ExpressionRef[];
  /** `Switch`, `If`: the condition. */
  condition?: ExpressionRef;
  /** `If`: the arms. */
  ifTrue?: ExpressionRef;
  ifFalse?: ExpressionRef;
  /** `Loop`, `Function`: the body. */
  body?: ExpressionRef;
  /** `Break`: the label. */
  name?: string;
  /** `Binary`: the operator and operands. */
  op?: number;
  left?: ExpressionRef;
  right?: ExpressionRef;
  /** `Call`: the arguments. */
  operands?: ExpressionRef[];
  /** `LocalGet`, `LocalSet`: the local. */
  index?: number;
  /** The expression's type. */
  type?: number;
}

export function expressionInfo(binaryen: Binaryen, expr: ExpressionRef): ExpressionInfo {
  return binaryen.getExpressionInfo(expr) as unknown as ExpressionInfo;
}

/** The value of an i32/f32/f64 constant expression; undefined for anything else. */
export function constValue(binaryen: Binaryen, expr: ExpressionRef): number | undefined {
  const info = expressionInfo(binaryen, expr);
  return info.id === binaryen.ConstId && typeof info.value === "number" ? info.value : undefined;
}

/** The constant initializer of a global; undefined when there is no such global or it is not constant. */
export function globalInitValue(binaryen: Binaryen, module: Module, name: string): number | undefined {
  const ref = module.getGlobal(name);
  return ref ? constValue(binaryen, binaryen.getGlobalInfo(ref).init) : undefined;
}

/** Table slots the module's element segments fill. */
export function elementSegmentsSize(binaryen: Binaryen, module: Module): number {
  let size = 0;
  for (let i = 0, n = module.getNumElementSegments(); i < n; ++i) {
    size += binaryen.getElementSegmentInfo(module.getElementSegmentByIndex(i)).data.length;
  }
  return size;
}

/** Setters on expressions that binaryen.js has and its typings do not declare. */
export interface ExpressionSetters {
  Block: {
    insertChildAt(block: ExpressionRef, index: number, child: ExpressionRef): void;
    setChildAt(block: ExpressionRef, index: number, child: ExpressionRef): void;
  };
  If: { setIfTrue(expr: ExpressionRef, arm: ExpressionRef): void; setIfFalse(expr: ExpressionRef, arm: ExpressionRef): void };
  Switch: { setCondition(expr: ExpressionRef, condition: ExpressionRef): void };
  Function: Module["Function"];
}

export function expressionSetters(binaryen: Binaryen): ExpressionSetters {
  return binaryen as unknown as ExpressionSetters;
}
