// PROTOTYPE asc transform: cross-plugin virtual dispatch and instanceof for shared classes.
// Not production code; it exists to test the proposal in FACTS.md §5 against asc 0.28.20.
//
// Configuration (environment):
//   VD_REGISTRY  path of a JSON file shared by all builds of a project:
//                { classes: { canonicalName: id }, keys: { methodName: key } } - grown in build order
//   VD_PLUGIN    this plugin's index (0..7), passed to the runtime lookup
//   VD_PRIVATE   first id of this plugin's private classes
//   VD_SHARED_RE regexp over a file's internal path: which user files are shared (default ^shared/)
//   VD_NO_OWNER_FORCE=1  skip step (c) below (to show what breaks without it)
//   VD_NO_REWRITE=1  steps (a)-(c) only, no stub rewrite (size breakdown)
//   VD_OFF=1     do nothing but assign ids (the "plain" build, for comparison)
//
// (a) afterInitialize: ids. Shared classes (user classes from shared files, and every ~lib class
//     except ids 0-3) get the registry id of their internal name; private classes VD_PRIVATE + k.
//     program.managedClasses keeps dense keys (compileRTTI/compileVisitMembers assert 0..n-1).
// (b) afterInitialize: every instance method/accessor of a shared class or interface is flagged
//     Overridden, so every call site compiles to a call of its `@override` stub, even where this
//     compilation has no override (otherwise: a direct call, inlined at -O3).
// (c) compile: before the compiler sets up override stubs, make sure a stub exists for every
//     instance method/accessor of every shared ancestor of every class this plugin compiled, and
//     that the base method is compiled. Resolving the stub compiles the plugin's overrides.
// (d) afterCompile: rewrite the default branch of each shared stub into
//        known-here-and-inherits? -> base  :  slot = vd.lookup(id, key) ; slot==1 -> base ; else call_indirect slot
//     put every shared stub into the table, rewrite `~instanceof|<shared>` misses into
//     vd.instanceof(id, targetId), and record a `vd.info` custom section for registration.
import { readFileSync, writeFileSync, existsSync } from "node:fs";
import * as as from "assemblyscript";

const OVERRIDDEN = 1 << 28, CONSTRUCTOR = 1 << 19, PRIVATE = 1 << 9, STATIC = 1 << 5, ABSTRACT = 1 << 7, GENERIC = 1 << 16;
const EK = { FunctionPrototype: 4, Function: 5, ClassPrototype: 6, Class: 7, InterfacePrototype: 8, Interface: 9, PropertyPrototype: 10, Property: 11 };
const FINAL = 1 << 5; // DecoratorFlags.Final

const env = process.env;
const SHARED_RE = new RegExp(env.VD_SHARED_RE ?? "^shared/");
const OFF = env.VD_OFF === "1";

function isSharedFile(path) { return SHARED_RE.test(path); }
function fileOf(cls) { let p = cls.prototype.parent; while (p && p.kind !== 13 /* File */) p = p.parent; return p; }
function isSharedUserClass(cls) { const f = fileOf(cls); return !!f && isSharedFile(f.internalName); }
function isSharedClass(cls) {
  if (cls.id < 4 && cls._id < 4) return true;
  const f = fileOf(cls);
  return !!f && (isSharedFile(f.internalName) || f.internalName.startsWith("~lib/"));
}

class Registry {
  constructor(path) {
    this.path = path;
    this.data = path && existsSync(path) ? JSON.parse(readFileSync(path, "utf8")) : { classes: {}, keys: {}, nextClass: 1000, nextKey: 0 };
  }
  classId(name) { return (this.data.classes[name] ??= this.data.nextClass++); }
  key(name) { return (this.data.keys[name] ??= this.data.nextKey++); }
  save() { if (this.path) writeFileSync(this.path, JSON.stringify(this.data, null, 1)); }
}

class SparseIds extends Map {
  constructor(existing, registry, privateBase) {
    super();
    this.registry = registry; this.privateBase = privateBase; this.k = 0; this.priv = 0;
    for (const [id, cls] of existing) super.set(id, cls);
  }
  set(id, cls) {
    if (id < 4) return super.set(id, cls);
    const shared = (() => { const f = fileOf(cls); return !!f && (isSharedFile(f.internalName) || f.internalName.startsWith("~lib/")); })();
    cls._id = shared ? this.registry.classId(cls.internalName) : this.privateBase + this.priv++;
    return super.set(4 + this.k++, cls);
  }
}

export default class VDispatch {
  afterInitialize(program) {
    this.registry = new Registry(env.VD_REGISTRY);
    this.pluginIndex = Number(env.VD_PLUGIN ?? 0);
    program.managedClasses = new SparseIds(program.managedClasses, this.registry, Number(env.VD_PRIVATE ?? 32));
    if (OFF) return;
    // (b) flag shared methods and accessors as overridden
    for (const file of program.filesByName.values()) {
      if (!isSharedFile(file.internalName)) continue;
      for (const el of file.members?.values() ?? []) {
        if (el.kind !== EK.ClassPrototype && el.kind !== EK.InterfacePrototype) continue;
        if (el.decoratorFlags & FINAL) continue;
        for (const m of el.instanceMembers?.values() ?? []) {
          if (m.flags & (CONSTRUCTOR | PRIVATE | STATIC)) continue;
          if (m.kind === EK.FunctionPrototype) m.flags |= OVERRIDDEN;
          else if (m.kind === EK.PropertyPrototype && !m.isField) {
            m.flags |= OVERRIDDEN;
            if (m.getterPrototype) m.getterPrototype.flags |= OVERRIDDEN;
            if (m.setterPrototype) m.setterPrototype.flags |= OVERRIDDEN;
          }
        }
      }
    }
    // (b') `x instanceof SomeInterface` is decided statically when no class known HERE could
    //      implement it (Class#hasSubclassAssignableTo). Across plugins an unknown subclass may, so
    //      for a shared, non-final source type and a shared interface target say "maybe".
    const origHSAT = as.Class.prototype.hasSubclassAssignableTo;
    as.Class.prototype.hasSubclassAssignableTo = function (target) {
      if (origHSAT.call(this, target)) return true;
      return this.program === program && target.isInterface && isSharedUserClass(target) && isSharedUserClass(this) && !(this.decoratorFlags & FINAL);
    };
    // (c) hook the compiler between "lazy functions" and "set up override stubs"
    const self = this;
    const origCompile = as.Compiler.prototype.compile;
    as.Compiler.prototype.compile = function () {
      if (this.program === program) {
        self.compiler = this;
        if (env.VD_NO_OWNER_FORCE !== "1") {
          const lazy = this.lazyFunctions;
          const realSize = Object.getOwnPropertyDescriptor(Set.prototype, "size").get;
          let done = false;
          Object.defineProperty(lazy, "size", {
            get() {
              let n = realSize.call(this);
              if (n === 0 && !done) { done = true; self.forceOwnerStubs(); n = realSize.call(this); }
              return n;
            },
          });
        }
      }
      return origCompile.call(this);
    };
  }

  /** Shared classes/interfaces every compiled class is assignable to, with their instance methods. */
  sharedAncestors() {
    const classes = [...this.program.managedClasses.values()];
    const shared = classes.filter((k) => isSharedUserClass(k));
    const result = new Map(); // cls -> [shared ancestors]
    for (const c of classes) {
      if (c.isInterface) continue;
      result.set(c, shared.filter((k) => c.isAssignableTo(k)));
    }
    return { classes, shared, result };
  }

  forceOwnerStubs() {
    const compiler = this.compiler, resolver = this.program.resolver;
    const { result } = this.sharedAncestors();
    const seen = new Set();
    for (const ancestors of result.values()) for (const k of ancestors) {
      if (seen.has(k)) continue;
      seen.add(k);
      for (const [name, unbound] of k.prototype.instanceMembers ?? []) {
        if (unbound.flags & (CONSTRUCTOR | PRIVATE | STATIC)) continue;
        const bound = k.members?.get(name);
        if (!bound) continue;
        const fns = [];
        if (bound.kind === EK.FunctionPrototype) {
          if (bound.is(GENERIC)) continue; // generic methods: instantiations are per call site (limitation)
          const fn = resolver.resolveFunction(bound, null, new Map(k.contextualTypeArguments ?? []));
          if (fn) fns.push(fn);
        } else if (bound.kind === EK.PropertyPrototype && !bound.isField) {
          const prop = resolver.resolveProperty(bound);
          if (prop?.getterInstance) fns.push(prop.getterInstance);
          if (prop?.setterInstance) fns.push(prop.setterInstance);
        }
        for (const fn of fns) {
          if (!fn.is(OVERRIDDEN)) continue;
          compiler.compileFunction(fn);
          compiler.ensureOverrideStub(fn);
        }
      }
    }
  }

  afterCompile(module) {
    const program = this.program, binaryen = this.binaryen, registry = this.registry;
    const info = { plugin: this.pluginIndex, classes: [], stubs: [] };
    const { classes, result } = this.sharedAncestors();
    for (const c of classes) {
      if (c.isInterface) { info.classes.push({ id: c.id, name: c.internalName, interface: true, ancestors: [] }); continue; }
      const ancestors = classes.filter((k) => c.isAssignableTo(k) && k !== c).map((k) => k.id);
      info.classes.push({ id: c.id, name: c.internalName, abstract: c.prototype.is(ABSTRACT), ancestors });
    }
    if (OFF || !this.compiler || env.VD_NO_REWRITE === "1") { registry.save(); module.addCustomSection("vd.info", new TextEncoder().encode(JSON.stringify(info))); return; }

    const i32 = binaryen.i32;
    const LOOKUP = "~vd/lookup", INSTANCEOF = "~vd/instanceof";
    module.addFunctionImport(LOOKUP, "vd", "lookup", binaryen.createType([i32, i32]), i32);
    module.addFunctionImport(INSTANCEOF, "vd", "instanceof", binaryen.createType([i32, i32]), i32);

    const tableStubs = [];
    // (d) stubs
    for (const original of this.compiler.overrideStubs) {
      const owner = original.getBoundClassOrInterface();
      if (!owner || !isSharedUserClass(owner)) continue;
      const stub = original.overrideStub;
      const key = registry.key(original.internalName);
      const ref = module.getFunction(stub.internalName);
      const fi = binaryen.getFunctionInfo(ref);
      const params = binaryen.expandType(fi.params);
      const idLocal = params.length;            // the i32 temp the compiler allocated for the id
      const slotLocal = params.length + fi.vars.length;
      const body = fi.body;
      const bodyInfo = binaryen.getExpressionInfo(body);
      if (bodyInfo.id !== binaryen.BlockId || bodyInfo.children.length !== 2) throw new Error(`unexpected stub shape: ${stub.internalName}`);
      const [switchPart, defaultExpr] = bodyInfo.children;
      // cases already in the stub: ids with an override here
      const caseIds = collectCaseIds(binaryen, switchPart);
      let switchExpr = switchPart;
      const loadId = () => module.i32.load(0, 4, module.i32.sub(module.local.get(0, i32), module.i32.const(8)));
      if (binaryen.getExpressionId(switchPart) === binaryen.DropId) switchExpr = module.local.set(idLocal, loadId());
      // ids this plugin compiled that inherit the original: keep them local, no lookup
      const inheritIds = [];
      for (const [c, ancestors] of result) {
        if (c.prototype.is(ABSTRACT) || caseIds.has(c.id)) continue;
        if (c === owner || c.isAssignableTo(owner)) inheritIds.push(c.id);
      }
      const id = () => module.local.get(idLocal, i32);
      const args = params.map((t, i) => module.local.get(i, t));
      const isInherit = inheritIds.reduce((acc, cid) => {
        const eq = module.i32.eq(id(), module.i32.const(cid));
        return acc ? module.i32.or(acc, eq) : eq;
      }, null);
      // VD_INLINE_LOOKUP=1: read the runtime's (key, id) -> slot matrix directly (no call), trap via vd.lookup on 0
      const SLOTS = 0x200000, ID_CAP = 2048;
      const lookup = env.VD_INLINE_LOOKUP === "1"
        ? module.local.tee(slotLocal, module.if(
            module.i32.lt_u(id(), module.i32.const(ID_CAP)),
            module.i32.load(SLOTS + key * ID_CAP * 4, 4, module.i32.shl(id(), module.i32.const(2))),
            module.i32.const(0)), i32)
        : module.local.tee(slotLocal, module.call(LOOKUP, [id(), module.i32.const(key)], i32), i32);
      const remote = module.if(
        module.i32.eq(lookup, module.i32.const(1)),   // 1: the runtime says "no override: run the base"
        binaryen.getExpressionId(defaultExpr) === binaryen.UnreachableId ? module.unreachable() : copyCall(module, binaryen, defaultExpr),
        env.VD_INLINE_LOOKUP === "1"
          ? module.if(module.i32.eqz(module.local.get(slotLocal, i32)),
              module.block(null, [module.drop(module.call(LOOKUP, [id(), module.i32.const(key)], i32)), module.unreachable()]),
              module.call_indirect("0", module.local.get(slotLocal, i32), args.map((a) => a), fi.params, fi.results))
          : module.call_indirect("0", module.local.get(slotLocal, i32), args, fi.params, fi.results),
      );
      const newDefault = isInherit ? module.if(isInherit, defaultExpr, remote) : remote;
      module.removeFunction(stub.internalName);
      module.addFunction(stub.internalName, fi.params, fi.results, [...fi.vars, i32], module.block(null, [switchExpr, newDefault], fi.results));
      tableStubs.push(stub.internalName);
      info.stubs.push({ key, method: original.internalName, stub: stub.internalName, cases: [...caseIds], inherit: inheritIds });
    }
    // instanceof helpers for shared targets
    const byName = new Map(classes.map((c) => [c.internalName, c]));
    for (const [elem, name] of this.compiler.pendingInstanceOf) {
      if (elem.kind !== EK.Class && elem.kind !== EK.Interface) continue;
      if (!isSharedClass(elem)) continue;
      const ref = module.getFunction(name);
      const fi = binaryen.getFunctionInfo(ref);
      const outer = binaryen.getExpressionInfo(fi.body);
      const inner = outer.children[0];
      const innerInfo = binaryen.getExpressionInfo(inner);
      const last = innerInfo.children.length - 1;
      if (binaryen.getExpressionId(innerInfo.children[last]) !== binaryen.ReturnId) throw new Error(`unexpected instanceof shape: ${name}`);
      binaryen.Block.setChildAt(inner, last, module.return(module.call(INSTANCEOF, [module.local.get(1, i32), module.i32.const(elem.id)], i32)));
    }
    // table: append the shared stubs after the compiler's own entries
    const tableBase = program.options.tableBase;
    const used = this.compiler.functionTable.length;
    const offset = tableBase + used;
    if (tableStubs.length) module.addActiveElementSegment("0", "vd.stubs", tableStubs, module.i32.const(offset));
    info.stubs.forEach((s, i) => (s.slot = offset + i));
    info.tableEnd = offset + tableStubs.length;
    module.addCustomSection("vd.info", new TextEncoder().encode(JSON.stringify(info)));
    registry.save();
  }
}

/** The ids of the `br_if (i32.eq (local.get $id) (i32.const ID))` cases of a rendered SwitchBuilder. */
function collectCaseIds(binaryen, expr) {
  const ids = new Set();
  (function walk(e) {
    const eid = binaryen.getExpressionId(e);
    if (eid !== binaryen.BlockId && eid !== binaryen.BreakId) return;
    const info = binaryen.getExpressionInfo(e);
    if (info.id === binaryen.BreakId && info.condition) {
      const c = binaryen.getExpressionInfo(info.condition);
      if (c.id === binaryen.BinaryId && c.op === binaryen.EqInt32) {
        const r = binaryen.getExpressionInfo(c.right);
        if (r.id === binaryen.ConstId) ids.add(r.value);
      }
    }
    for (const ch of info.children ?? []) if (ch) walk(ch);
  })(expr);
  return ids;
}

/** A fresh copy of the stub's default `call $base (local.get ...)` (an expression can have one parent). */
function copyCall(module, binaryen, expr) {
  const info = binaryen.getExpressionInfo(expr);
  if (info.id !== binaryen.CallId) throw new Error("unexpected default branch");
  const ops = info.operands.map((o) => { const oi = binaryen.getExpressionInfo(o); return module.local.get(oi.index, oi.type); });
  return module.call(info.target, ops, info.type);
}
