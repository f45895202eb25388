import { DISPATCH_FUNCTIONS, DISPATCH_INHERITS, DISPATCH_MISS_KINDS, RUNTIME_NAMESPACE, type DispatchStub } from "@shared-rt/abi";
import { expressionInfo, type Binaryen, type ExpressionRef, type Module } from "@shared-rt/runtime/asc";
import { FLAGS } from "./force-virtual.js";
import type { MethodOrdinals } from "./method-ordinals.js";
import type { Compiler, CompilerFunction } from "./owner-stubs.js";
import type { CompilerClass, SharedClasses } from "./shared-classes.js";
import { SharedInitError } from "./shared-init-error.js";

const LOOKUP = "~shared-rt/dispatch_lookup";
const FAIL = "~shared-rt/dispatch_fail";

/** Suffix of the out-of-line part of a rewritten stub (see {@link keepRemotesOutOfLine}). */
export const REMOTE_SUFFIX = "@shared";

/**
 * Marks the out-of-line parts of the stubs not to be inlined. Binaryen would otherwise inline
 * each (called once) back into its stub, which then grows too big to be inlined at call sites:
 * the known-id path, a compare and a direct call in one module, would cost a call. The marks
 * live on the module's functions, so they hold for the optimization that follows in asc.
 */
export function keepRemotesOutOfLine(binaryen: Binaryen, module: Module): void {
  binaryen.setPassArgument("no-inline", `*${REMOTE_SUFFIX}`);
  try {
    module.runPasses(["no-inline"]);
  } finally {
    binaryen.setPassArgument("no-inline", null);
  }
}

/** Declares a runtime dispatch function as an import, once. */
export function importDispatch(binaryen: Binaryen, module: Module, internal: string, name: keyof typeof DISPATCH_FUNCTIONS): void {
  if (module.getFunction(internal)) return;
  const { params, result } = DISPATCH_FUNCTIONS[name];
  module.addFunctionImport(
    internal,
    RUNTIME_NAMESPACE,
    name,
    binaryen.createType(params.map(() => binaryen.i32)),
    result === "i32" ? binaryen.i32 : binaryen.none,
  );
}

/** A stub of a shared method, rewritten; `slot` is set when the stub is put in the table. */
export interface RewrittenStub {
  record: DispatchStub;
  /** Function name to put in the table (absent for generic methods). */
  tableEntry?: string;
}

interface StubContext {
  binaryen: Binaryen;
  module: Module;
  classes: CompilerClass[];
  ordinals: MethodOrdinals;
}

/**
 * Rewrites the default of every `@override` stub of a shared method. The compiler's switch
 * stays (ids this plugin knows run their override as before); its default was "run the
 * declared method" (or `unreachable` for an abstract or interface one), which is wrong for a
 * subclass only another plugin knows. It becomes:
 *
 *   id is one this plugin compiled that inherits the method  → the original default
 *   else slot = __shared_dispatch_lookup(id, declaring class id, ordinal)   (traps if unknown)
 *        slot == DISPATCH_INHERITS → the original default (abstract: trap)
 *        else call_indirect slot (the owner's stub for the same method, same signature)
 *
 * A generic method has no stable key: an id it does not know traps via __shared_dispatch_fail.
 */
export function rewriteOverrideStubs(
  binaryen: Binaryen,
  module: Module,
  compiler: Compiler,
  shared: SharedClasses,
  classes: CompilerClass[],
  ordinals: MethodOrdinals,
): RewrittenStub[] {
  const ctx: StubContext = { binaryen, module, classes, ordinals };
  const rewritten: RewrittenStub[] = [];
  for (const original of [...compiler.overrideStubs].sort((a, b) => (a.internalName < b.internalName ? -1 : 1))) {
    const owner = original.getBoundClassOrInterface();
    if (!owner || !shared.isShared(owner) || !original.overrideStub) continue;
    rewritten.push(rewriteStub(ctx, original, owner));
  }
  return rewritten;
}

function rewriteStub(ctx: StubContext, original: CompilerFunction, owner: CompilerClass): RewrittenStub {
  const { binaryen, module } = ctx;
  const name = original.overrideStub!.internalName;
  const info = binaryen.getFunctionInfo(module.getFunction(name));
  const params = binaryen.expandType(info.params);
  const body = expressionInfo(binaryen, info.body);
  if (body.id !== binaryen.BlockId || body.children?.length !== 2) {
    throw new SharedInitError("UNEXPECTED_COMPILER_OUTPUT", `shared-init: the override stub '${name}' does not have the shape of AssemblyScript 0.28's`);
  }
  const [switchPart, originalDefault] = body.children;
  const idLocal = params.length; // the compiler's one extra local holds the class id
  const cases = [...caseIds(binaryen, switchPart)];
  const abstract = binaryen.getExpressionId(originalDefault) === binaryen.UnreachableId;
  const inherits = abstract ? [] : inheritingIds(ctx.classes, owner, new Set(cases));
  const generic = Boolean(original.typeArguments?.length) || original.prototype.is(FLAGS.Generic);
  const ordinal = ctx.ordinals.of(owner, original.internalName);
  if (ordinal === undefined) throw new SharedInitError("UNEXPECTED_COMPILER_OUTPUT", `shared-init: no ordinal for '${original.internalName}'`);

  const setId =
    binaryen.getExpressionId(switchPart) === binaryen.DropId
      ? module.local.set(idLocal, expressionInfo(binaryen, switchPart).value!) // no case: the compiler dropped the id
      : switchPart;
  // The stub keeps only the compiler's switch and a call of the rest, so that it stays small
  // enough for Binaryen to inline at call sites, as it does in one module.
  const remoteName = `${name}${REMOTE_SUFFIX}`;
  const args = params.map((type, k) => module.local.get(k, type));
  module.removeFunction(name);
  const callRemote = module.call(remoteName, [...args, module.local.get(idLocal, binaryen.i32)], info.results);
  module.addFunction(name, info.params, info.results, info.vars, module.block(null, [setId, callRemote], info.results));
  const remote = remoteDispatch(ctx, { name: remoteName, params, results: info.results, originalDefault, ordinal, owner, inherits, abstract, generic });
  module.addFunction(remoteName, binaryen.createType([...params, binaryen.i32]), info.results, [binaryen.i32], remote);
  const record: DispatchStub = { method: original.internalName, declaring: owner.id, ...(generic ? {} : { ordinal }), cases, inherits };
  return generic ? { record } : { record, tableEntry: name };
}

interface RemoteSpec {
  name: string;
  params: number[];
  results: number;
  originalDefault: ExpressionRef;
  ordinal: number;
  owner: CompilerClass;
  inherits: number[];
  abstract: boolean;
  generic: boolean;
}

/**
 * The body of `<stub>@shared(params…, id)`, reached for ids the compiler's switch has no case
 * for. A one-entry cache per stub (two globals: the last id and its answer) spares the runtime
 * call while a call site keeps seeing one class, as most do.
 */
function remoteDispatch(ctx: StubContext, spec: RemoteSpec): ExpressionRef {
  const { binaryen, module } = ctx;
  const { i32 } = binaryen;
  const id = () => module.local.get(spec.params.length, i32);
  const slotLocal = spec.params.length + 1;
  const key = () => [id(), module.i32.const(spec.owner.id), module.i32.const(spec.ordinal)];
  const fail = (kind: number) => module.block(null, [module.call(FAIL, [...key(), module.i32.const(kind)], binaryen.none), module.unreachable()]);
  importDispatch(binaryen, module, FAIL, "__shared_dispatch_fail");
  const runDefault = () => (spec.abstract ? fail(DISPATCH_MISS_KINDS.abstract) : copyCall(binaryen, module, spec.originalDefault));
  let remote: ExpressionRef;
  if (spec.generic) {
    remote = fail(DISPATCH_MISS_KINDS.generic);
  } else {
    importDispatch(binaryen, module, LOOKUP, "__shared_dispatch_lookup");
    const cachedId = `${spec.name}|id`;
    const cachedSlot = `${spec.name}|slot`;
    module.addGlobal(cachedId, i32, true, module.i32.const(-1));
    module.addGlobal(cachedSlot, i32, true, module.i32.const(0));
    const slot = module.if(
      module.i32.eq(id(), module.global.get(cachedId, i32)),
      module.global.get(cachedSlot, i32),
      module.block(
        null,
        [module.global.set(cachedSlot, module.call(LOOKUP, key(), i32)), module.global.set(cachedId, id()), module.global.get(cachedSlot, i32)],
        i32,
      ),
    );
    const args = spec.params.map((type, k) => module.local.get(k, type));
    remote = module.block(
      null,
      [
        module.local.set(slotLocal, slot),
        module.if(
          module.i32.eq(module.local.get(slotLocal, i32), module.i32.const(DISPATCH_INHERITS | 0)),
          runDefault(),
          module.call_indirect("0", module.local.get(slotLocal, i32), args, binaryen.createType(spec.params), spec.results),
        ),
      ],
      spec.results,
    );
  }
  const inheritTest = spec.inherits
    .map((k) => module.i32.eq(id(), module.i32.const(k)))
    .reduce<ExpressionRef | 0>((a, eq) => (a ? module.i32.or(a, eq) : eq), 0);
  return inheritTest ? module.if(inheritTest, copyCall(binaryen, module, spec.originalDefault), remote) : remote;
}

/**
 * Non-abstract classes this plugin compiled that are (or extend) `owner` and have no case: they
 * inherit the method as declared. In the plugin's class order, not by id: the two builds of a
 * relocatable plugin number shared and private classes in different orders, and the compares
 * must line up for the relocation diff.
 */
function inheritingIds(classes: CompilerClass[], owner: CompilerClass, cases: Set<number>): number[] {
  if (owner.isInterface) return [];
  return classes
    .filter((c) => !c.isInterface && !c.prototype.is(FLAGS.Abstract) && !cases.has(c.id) && (c === owner || c.isAssignableTo(owner)))
    .map((c) => c.id);
}

/** The ids of the `br_if (i32.eq (local.get $id) (i32.const ID))` cases of the compiler's switch. */
function caseIds(binaryen: Binaryen, expr: ExpressionRef): Set<number> {
  const ids = new Set<number>();
  const walk = (e: ExpressionRef): void => {
    const kind = binaryen.getExpressionId(e);
    if (kind !== binaryen.BlockId && kind !== binaryen.BreakId) return;
    const info = expressionInfo(binaryen, e);
    if (kind === binaryen.BreakId && info.condition) {
      const condition = expressionInfo(binaryen, info.condition);
      if (condition.id === binaryen.BinaryId && condition.op === binaryen.EqInt32) {
        const right = expressionInfo(binaryen, condition.right!);
        if (right.id === binaryen.ConstId) ids.add(right.value!);
      }
    }
    for (const child of info.children ?? []) walk(child);
  };
  walk(expr);
  return ids;
}

/** A fresh copy of the stub's default `call $method (local.get …)` (an expression has one parent). */
function copyCall(binaryen: Binaryen, module: Module, expr: ExpressionRef): ExpressionRef {
  const info = expressionInfo(binaryen, expr);
  if (info.id !== binaryen.CallId) throw new SharedInitError("UNEXPECTED_COMPILER_OUTPUT", "shared-init: an override stub's default is not a call");
  const operands = (info.operands ?? []).map((o) => {
    const operand = expressionInfo(binaryen, o);
    return module.local.get(operand.index!, operand.type!);
  });
  return module.call(info.target!, operands, info.type!);
}
