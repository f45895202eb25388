import { ENV_NAMESPACE, RUNTIME_GLOBAL_NAMES, RUNTIME_NAMESPACE } from "@shared-rt/abi";
import { coalesceFrames } from "./coalesce-frames.js";
import { inlineEnter, inlineLeave, keepsFrameInline, madeInline } from "./inline-frames.js";
import { head, isNode, isPure, isZero, parse, serialize, type Node } from "./wat-tree.js";

/**
 * AssemblyScript's shadow stack, made smaller in an OPTIMIZED plugin (text in, text out).
 *
 * asc gives every function with managed locals a prologue — `sp -= N`, a check against the stack
 * limit that aborts, zeroing of the frame — and an epilogue `sp += N`; the optimizer inlines
 * callees with theirs. That is ~30 bytes per frame, the bulk of what a linked plugin carries over
 * the same source built with asc's stub runtime. Here, after the last optimize (so that no
 * inliner copies them back):
 * - each `sp -= N` becomes `call $~enter(N)`, one plugin-local function that subtracts, checks
 *   and zero-fills the whole frame; the zero stores that followed it go, and so do the now
 *   redundant checks. The frame is zero before anything after the call runs, as before, so a
 *   collection started by any later allocation scans only zeros or stored values;
 * - each `sp += N` becomes `call $~leave(N)`;
 * - before that, a function keeps one frame for the callees inlined into it (coalesce-frames.ts),
 *   and a function that calls nothing keeps none (only a collection reads frames, inside a call);
 * - a store of a local into a frame slot that already holds that local is dropped (asc stores
 *   call arguments again before every call; the slot cannot change in between unless this
 *   function stores to it, moves sp, or sets the local, which is what is tracked).
 * Anything unexpected (sp set in another form) leaves the module as it is.
 */

/** Names of the imports the rewrite needs, from the module's text. */
export interface StackNames {
  sp: string;
  limit: string;
  abort: string;
}

export const ENTER = "$~enter";
export const LEAVE = "$~leave";

/** The rewritten text, or undefined when the module has no shadow stack or an unexpected shape. */
export function outlineShadowStack(text: string): string | undefined {
  const root = parse(text);
  const module = root.items[0];
  if (!module || typeof module === "string") return undefined;
  const names = stackNames(module);
  if (!names) return undefined;
  const funcs = module.items.filter((x): x is Node => typeof x !== "string" && x.items[0] === "func");
  const rewriter = new FrameRewriter(names);
  for (const func of funcs) if (!rewriter.prepare(func)) return undefined;
  for (const func of funcs) rewriter.rewrite(func);
  // Every frame is now reserved by ~enter, which zeroes it; a push left inline would not be.
  if (funcs.some((func) => rewriter.movesSp(func))) return undefined;
  module.items.push(...helperFunctions(names).map((t) => parse(t).items[0] as Node));
  return serialize(module);
}

function stackNames(module: Node): StackNames | undefined {
  const found: Partial<StackNames> = {};
  for (const item of module.items) {
    if (typeof item === "string" || item.items[0] !== "import") continue;
    const [, from, name, desc] = item.items;
    const id = typeof desc === "string" ? undefined : (desc?.items[1] as string);
    if (from === `"${RUNTIME_NAMESPACE}"` && name === `"${RUNTIME_GLOBAL_NAMES.stackPointer}"`) found.sp = id;
    if (from === `"${RUNTIME_NAMESPACE}"` && name === `"${RUNTIME_GLOBAL_NAMES.stackLimit}"`) found.limit = id;
    if (from === `"${ENV_NAMESPACE}"` && name === '"abort"') found.abort = id;
  }
  return found.sp && found.limit && found.abort ? (found as StackNames) : undefined;
}

function helperFunctions({ sp, limit, abort }: StackNames): string[] {
  return [
    // Zeroes with i64 stores from the top, then the last 4 bytes (frames are multiples of 4):
    // memory.fill is a call out of the engine's code in V8, several times slower for a frame.
    `(func ${ENTER} (param $0 i32)
      (global.set ${sp} (i32.sub (global.get ${sp}) (local.get $0)))
      (if (i32.lt_s (global.get ${sp}) (global.get ${limit}))
        (then (call ${abort} (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0)) (unreachable)))
      (loop $zero
        (if (i32.ge_u (local.get $0) (i32.const 8))
          (then
            (i64.store (i32.add (global.get ${sp}) (local.tee $0 (i32.sub (local.get $0) (i32.const 8)))) (i64.const 0))
            (br $zero))))
      (if (local.get $0) (then (i32.store (global.get ${sp}) (i32.const 0)))))`,
    `(func ${LEAVE} (param $0 i32) (global.set ${sp} (i32.add (global.get ${sp}) (local.get $0))))`,
  ];
}

/** Forms whose items after the head (and labels, types) are a sequence of statements. */
const SEQUENCES = new Set(["func", "block", "loop", "then", "else"]);
/** Items of a sequence form that are not statements. */
const DECLARATIONS = new Set(["type", "param", "result", "local", "export", "import"]);
/** Forms after which a frame slot may be read (a call may collect) or the sequence left. */
const READS_FRAME = new Set([
  "call",
  "call_indirect",
  "call_ref",
  "return_call",
  "return_call_indirect",
  "br",
  "br_if",
  "br_table",
  "return",
  "throw",
  "rethrow",
  "try",
  "try_table",
]);
const STORE = /^i(32|64)\.store(8|16|32)?$/;

/** A store `(iNN.store[offset=K] (global.get $sp) value)`: its offset, width and value. */
interface FrameStore {
  offset: number;
  width: number;
  value: Node;
}

class FrameRewriter {
  constructor(private readonly names: StackNames) {}

  private isSp(x: Node | string | undefined): boolean {
    return isNode(x) && x.items[0] === "global.get" && x.items[1] === this.names.sp;
  }

  /** `(global.set $sp (i32.sub|add (global.get $sp) (i32.const N)))`: whether it pushes (sub) or pops (add), and N > 0. */
  private spUpdate(x: Node | string | undefined): { op: string; n: number } | undefined {
    if (!isNode(x) || x.items[0] !== "global.set" || x.items[1] !== this.names.sp) return undefined;
    const value = x.items[2];
    const op = head(value);
    if (!isNode(value) || (op !== "i32.sub" && op !== "i32.add") || !this.isSp(value.items[1])) return undefined;
    const n = value.items[2];
    if (head(n) !== "i32.const" || !isNode(n)) return undefined;
    // The optimizer may write a push as `sp + -N`: normalized, a push is a sub, a pop an add.
    const k = Number(n.items[1]);
    if (k < 0) return { op: op === "i32.sub" ? "i32.add" : "i32.sub", n: -k };
    return { op, n: k };
  }

  private frameStore(x: Node | string | undefined): FrameStore | undefined {
    const op = head(x);
    if (!isNode(x) || !op || !STORE.test(op)) return undefined;
    const args = x.items.slice(1);
    let offset = 0;
    for (const a of args) if (typeof a === "string" && a.startsWith("offset=")) offset = Number(a.slice(7));
    const operands = args.filter(isNode);
    if (operands.length !== 2 || !this.isSp(operands[0])) return undefined;
    const m = STORE.exec(op)!;
    return { offset, width: Number(m[2] ?? m[1]) / 8, value: operands[1] };
  }

  /**
   * A function that calls nothing keeps no frame: only a collection reads frames, and it runs
   * inside a call. Its pushes, pops, zeroing and slot stores go (a stored value still runs).
   */
  private elideFrame(x: Node): void {
    x.items = x.items.map((c) => {
      if (!isNode(c)) return c;
      if (this.spUpdate(c) || (c.items[0] === "memory.fill" && this.isSp(c.items[1]))) return { items: ["nop"] };
      const store = this.frameStore(c);
      if (store) return isPure(store.value) ? { items: ["nop"] } : { items: ["drop", store.value] };
      this.elideFrame(c);
      return c;
    });
  }

  /** Whether `x` still writes sp itself (other than as a frame kept inline, inline-frames.ts). */
  movesSp(x: Node): boolean {
    if (madeInline(x)) return false;
    if (x.items[0] === "global.set" && x.items[1] === this.names.sp) return true;
    return x.items.some((c) => isNode(c) && this.movesSp(c));
  }

  /** Whether every write of sp in `func` has the form asc gives it (else nothing is rewritten). */
  private trackSlots = false;
  /** Whether the function being rewritten keeps its frame inline (inline-frames.ts). */
  private inline = false;

  /** Whether sp is read anywhere but as a store's or fill's address, in `sp ± N` or in the stack check. */
  private copiesSp(x: Node): boolean {
    const op = head(x) ?? "";
    const operands = x.items.filter(isNode);
    const known = (STORE.test(op) || op === "memory.fill") && this.isSp(operands[0]);
    if (this.spUpdate(x) || this.isCheck(x)) return false;
    if (this.isSp(x)) return true;
    return operands.some((c, i) => !(known && i === 0) && this.copiesSp(c));
  }

  private isCheck(c: Node): boolean {
    return c.items[0] === "i32.lt_s" && this.isSp(c.items[1]) && head(c.items[2]) === "global.get" && (c.items[2] as Node).items[1] === this.names.limit;
  }

  prepare(func: Node): boolean {
    let ok = true;
    const visit = (x: Node) => {
      const update = x.items[0] === "global.set" && x.items[1] === this.names.sp ? this.spUpdate(x) : null;
      // ~enter zeroes whole words: a frame is slots of 4 bytes.
      if (update === undefined || (update && update.n % 4 !== 0)) ok = false;
      for (const c of x.items) if (isNode(c)) visit(c);
    };
    visit(func);
    return ok;
  }

  rewrite(func: Node): void {
    // Slots are tracked through `(global.get $sp)` addresses only; a copy of sp elsewhere (a
    // local the optimizer keeps it in) could store to a slot unseen.
    const copies = this.copiesSp(func);
    this.trackSlots = !copies;
    if (!copies && !calls(func, this.names.abort)) this.elideFrame(func);
    coalesceFrames(func, this.names, (x) => this.spUpdate(x));
    this.inline = keepsFrameInline(func);
    this.rewriteChecks(func);
    this.rewriteSequences(func, -1);
  }

  /** `sp < limit` is false after every `~enter`, which checked it. */
  private rewriteChecks(x: Node): void {
    for (let i = 0; i < x.items.length; ++i) {
      const c = x.items[i];
      if (!isNode(c)) continue;
      if (this.isCheck(c)) {
        x.items[i] = { items: ["i32.const", "0"] };
      } else this.rewriteChecks(c);
    }
  }

  /**
   * Rewrites `x` and what it contains. `zeroed`: the frame is known zero up to this offset when
   * `x` starts (a block right after `~enter`, as the optimizer leaves inlined prologues).
   */
  private rewriteSequences(x: Node, zeroed: number): void {
    if (SEQUENCES.has(x.items[0] as string)) this.rewriteSequence(x, zeroed);
    else for (const c of x.items) if (isNode(c)) this.rewriteSequences(c, -1);
  }

  /** One sequence of statements: prologues and epilogues outlined, redundant frame stores dropped. */
  private rewriteSequence(x: Node, zeroed: number): void {
    const out: (Node | string)[] = [];
    /** Frame slot (by offset, 4-byte stores) -> the local it holds, while known. */
    const slots = new Map<number, string>();
    let zeroedUpTo = zeroed;
    for (const item of x.items) {
      if (item === "nop" || (isNode(item) && item.items[0] === "nop")) continue;
      if (typeof item === "string" || DECLARATIONS.has(item.items[0] as string)) {
        out.push(item);
        continue;
      }
      const update = this.spUpdate(item);
      if (update) {
        const push = update.op === "i32.sub";
        if (this.inline) out.push(...(push ? inlineEnter(this.names, update.n) : inlineLeave(this.names, update.n)));
        else out.push({ items: ["call", push ? ENTER : LEAVE, { items: ["i32.const", String(update.n)] }] });
        slots.clear();
        zeroedUpTo = update.op === "i32.sub" ? update.n : -1;
        continue;
      }
      if (isDeadCheck(item)) continue;
      const store = this.frameStore(item);
      if (store && zeroedUpTo >= 0 && isZero(store.value) && store.offset + store.width <= zeroedUpTo) continue;
      if (isNode(item) && item.items[0] === "memory.fill" && zeroedUpTo >= 0 && this.fillsZeros(item, zeroedUpTo)) continue;
      const local = store && store.width === 4 ? storedLocal(store.value) : undefined;
      if (this.trackSlots && store && local && head(store.value) === "local.get" && slots.get(store.offset) === local) continue;
      out.push(item);
      if (isNode(item)) {
        this.rewriteSequences(item, item.items[0] === "block" ? zeroedUpTo : -1);
        this.invalidate(item, slots);
      }
      zeroedUpTo = -1;
      if (store && local) slots.set(store.offset, local);
    }
    x.items = this.withoutOverwrittenStores(out);
  }

  /**
   * Drops a frame store that later statements of the sequence overwrite
   * before anything could read the frame: a collection runs only inside a call, and a branch
   * may leave for one.
   */
  private withoutOverwrittenStores(items: (Node | string)[]): (Node | string)[] {
    const dead = new Set<number>();
    for (let i = 0; i < items.length; ++i) {
      const store = this.frameStore(items[i]);
      if (!store) continue;
      const covered = new Set<number>();
      for (let j = i + 1; j < items.length; ++j) {
        const later = items[j];
        if (!isNode(later) || DECLARATIONS.has(later.items[0] as string)) continue;
        if (this.mayReadFrame(later)) break;
        const over = this.frameStore(later);
        if (over) for (let b = over.offset; b < over.offset + over.width; ++b) covered.add(b);
        let all = true;
        for (let b = store.offset; b < store.offset + store.width; ++b) all &&= covered.has(b);
        if (all) {
          dead.add(i);
          break;
        }
      }
    }
    // A dead store's value still runs (`drop`; Binaryen's vacuum makes a dropped tee a set).
    return items.flatMap((item, i) => {
      if (!dead.has(i)) return [item];
      const value = this.frameStore(item)!.value;
      return isPure(value) ? [] : [{ items: ["drop", value] }];
    });
  }

  /** Whether running `x` may let a collection read the frame or leave the sequence (calls, branches, sp moves). */
  private mayReadFrame(x: Node): boolean {
    const op = x.items[0] as string;
    if (READS_FRAME.has(op) || op.startsWith("memory.") || (op === "global.set" && x.items[1] === this.names.sp)) return true;
    return x.items.some((c) => isNode(c) && this.mayReadFrame(c));
  }

  /** `(memory.fill (global.get $sp) (i32.const 0) (i32.const n))` with n <= limit. */
  private fillsZeros(x: Node, limit: number): boolean {
    const [, dest, value, size] = x.items;
    return this.isSp(dest) && isZero(value as Node) && head(size) === "i32.const" && Number((size as Node).items[1]) <= limit;
  }

  /** Forgets what `x` may change: locals it sets, slots it stores to; everything if it moves sp. */
  private invalidate(x: Node, slots: Map<number, string>): void {
    const op = x.items[0];
    if (op === "local.set" || op === "local.tee") {
      for (const [k, v] of slots) if (v === x.items[1]) slots.delete(k);
    } else if (op === "global.set" && x.items[1] === this.names.sp) slots.clear();
    else if (op === "call" && (x.items[1] === ENTER || x.items[1] === LEAVE)) slots.clear();
    else if (typeof op === "string" && op.startsWith("memory.")) slots.clear();
    const store = this.frameStore(x);
    if (store) for (const k of slots.keys()) if (k < store.offset + store.width && store.offset < k + 4) slots.delete(k);
    for (const c of x.items) if (isNode(c)) this.invalidate(c, slots);
  }
}

/** A check rewriteChecks made constant: `(if (i32.const 0) (then …))`, `(br_if $l (i32.const 0))`. */
function isDeadCheck(x: Node | string): boolean {
  if (!isNode(x)) return false;
  if (x.items[0] === "if") return x.items.length === 3 && isZero(x.items[1]) && head(x.items[2]) === "then";
  return x.items[0] === "br_if" && x.items.length === 3 && isZero(x.items[2]);
}

/** Whether `x` contains a call of any kind but to `abort` (which ends the run: nothing collects). */
function calls(x: Node, abort: string): boolean {
  const op = x.items[0];
  if (typeof op === "string" && (op.startsWith("call") || op.startsWith("return_call")) && !(op === "call" && x.items[1] === abort)) return true;
  return x.items.some((c) => isNode(c) && calls(c, abort));
}

/** The local a stored value is (`local.get $l`, or `local.tee $l …` after its operand ran). */
function storedLocal(x: Node): string | undefined {
  return x.items[0] === "local.get" || x.items[0] === "local.tee" ? (x.items[1] as string) : undefined;
}
