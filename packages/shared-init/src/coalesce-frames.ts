import { head, isNode, isZero, type Node } from "./wat-tree.js";

/**
 * One shadow-stack frame per function instead of one per inlined callee (text tree of an
 * OPTIMIZED function, rewritten in place).
 *
 * When Binaryen inlines a callee it keeps the callee's `sp -= M … sp += M`: a function that
 * inlined three Map methods into a loop pushes and pops three frames per iteration. Here the
 * depth of sp below the function's entry is followed through the code; where it is the same
 * on every path (it is: asc pushes and pops in matched pairs), the function reserves the
 * deepest extent F once — every push from depth 0 reserves F, every pop back to 0 releases F —
 * inner pushes and pops go, and a frame store made at depth d moves to offset + F − d, the
 * address it had. Inner frames' zeroing goes too: the whole of F is zeroed where it is reserved
 * (`~enter`), and afterwards each slot holds zero or a value stored into it, which stays alive
 * as long as the slot holds it, so a collection never scans garbage.
 */

export interface CoalesceNames {
  sp: string;
  limit: string;
}

interface SpUse {
  node: Node;
  depth: number;
}

/** A shape this rewrite does not follow: the function keeps its frames. */
class Unsupported extends Error {}

/** Whether the function's frames were coalesced (false: left as it was). */
export function coalesceFrames(func: Node, names: CoalesceNames, spUpdate: (x: Node) => { op: string; n: number } | undefined): boolean {
  const walker = new DepthWalker(names, spUpdate, spCopies(func, names.sp));
  try {
    const end = walker.sequence(func.items, 0);
    if (end !== undefined && end !== 0) return false;
  } catch (error) {
    if (error instanceof Unsupported) return false;
    throw error;
  }
  if (walker.updates.every((u) => u.depth === 0 || (u.op === "i32.add" && u.depth === u.n))) return false;
  const F = walker.deepest;
  for (const { node, depth, op, n } of walker.updates) {
    const toOrFromZero = op === "i32.sub" ? depth === 0 : depth - n === 0;
    const sp = { items: ["global.get", names.sp] };
    if (toOrFromZero) node.items = ["global.set", names.sp, { items: [op, sp, { items: ["i32.const", String(F)] }] }];
    else node.items = ["nop"];
  }
  for (const { node, depth } of walker.stores) {
    if (depth > 0 && isZero(node.items[node.items.length - 1]) && !walker.throughCopy.has(node)) node.items = ["nop"];
    else setStoreOffset(node, F - depth + storeOffset(node));
  }
  for (const { node, depth } of walker.fills) if (depth > 0) node.items = ["nop"];
  return true;
}

/** Locals the function ever sets to sp (`local.set $l (global.get $sp)`). */
function spCopies(x: Node, sp: string, out = new Set<string>()): Set<string> {
  const value = x.items[2];
  if (x.items[0] === "local.set" && isNode(value) && value.items[0] === "global.get" && value.items[1] === sp) out.add(x.items[1] as string);
  for (const c of x.items) if (isNode(c)) spCopies(c, sp, out);
  return out;
}

/** Locals set anywhere in `x`. */
function localsSet(x: Node, out = new Set<string>()): Set<string> {
  if (x.items[0] === "local.set" || x.items[0] === "local.tee") out.add(x.items[1] as string);
  for (const c of x.items) if (isNode(c)) localsSet(c, out);
  return out;
}

function setStoreOffset(node: Node, offset: number): void {
  node.items = [
    node.items[0],
    ...(offset ? [`offset=${offset}`] : []),
    ...node.items.slice(1).filter((a) => typeof a !== "string" || !a.startsWith("offset=")),
  ];
}

function storeOffset(x: Node): number {
  for (const a of x.items) if (typeof a === "string" && a.startsWith("offset=")) return Number(a.slice(7));
  return 0;
}

const POISON = -1;
const STORE = /^i(32|64)\.store(8|16|32)?$/;

class DepthWalker {
  updates: { node: Node; depth: number; op: string; n: number }[] = [];
  stores: SpUse[] = [];
  fills: SpUse[] = [];
  deepest = 0;
  /** Stores whose address is a copy of sp in a local. */
  throughCopy = new Set<Node>();
  /**
   * Locals holding a copy of sp now (the optimizer keeps the address of a store whose value
   * pushes a frame of its own): the depth it was copied at, or POISON where that is not known
   * (set inside a construct just left, or in a loop's later iterations): using it then fails.
   */
  private copies = new Map<string, number>();
  /** Depth sp has where each enclosing label is reached (a block's end, a loop's start). */
  private labels: { name: string; depth: number | undefined }[] = [];

  constructor(
    private readonly names: CoalesceNames,
    private readonly spUpdate: (x: Node) => { op: string; n: number } | undefined,
    private readonly copyLocals: Set<string>,
  ) {}

  /** Walks a construct: copies of sp made in it are unknown after it (and, in a loop, from its start). */
  private construct(x: Node, isLoop: boolean, body: () => number | undefined): number | undefined {
    const poison = () => {
      for (const l of localsSet(x)) if (this.copyLocals.has(l)) this.copies.set(l, POISON);
    };
    if (isLoop) poison();
    const end = body();
    poison();
    return end;
  }

  /** Walks statements in order from `depth`; the depth after them (undefined: unreachable). */
  sequence(items: (Node | string)[], depth: number | undefined): number | undefined {
    let d = depth;
    for (const item of items) if (isNode(item)) d = this.walk(item, d);
    return d;
  }

  private isSp(x: Node | string | undefined): boolean {
    return isNode(x) && x.items[0] === "global.get" && x.items[1] === this.names.sp;
  }

  private walk(x: Node, depth: number | undefined): number | undefined {
    const op = head(x) ?? "";
    if (["type", "param", "result", "local", "export", "import"].includes(op)) return depth;
    if (depth === undefined) return undefined;
    const update = this.spUpdate(x);
    if (Number.isNaN(depth) && (update || this.touchesFrame(x, op))) throw new Unsupported();
    if (update) {
      const after = update.op === "i32.sub" ? depth + update.n : depth - update.n;
      if (after < 0) throw new Unsupported();
      this.updates.push({ node: x, depth, ...update });
      this.deepest = Math.max(this.deepest, after);
      return after;
    }
    if (op === "i32.lt_s" && this.isSp(x.items[1]) && head(x.items[2]) === "global.get" && (x.items[2] as Node).items[1] === this.names.limit) return depth;
    if (op === "local.set" && this.isSp(x.items[2])) {
      if (Number.isNaN(depth)) throw new Unsupported();
      this.copies.set(x.items[1] as string, depth);
      return depth;
    }
    if ((op === "local.set" || op === "local.tee") && this.copyLocals.has(x.items[1] as string)) {
      const d = this.operands(x, depth);
      this.copies.delete(x.items[1] as string);
      return d;
    }
    if (op === "local.get" && this.copies.has(x.items[1] as string)) throw new Unsupported(); // a copy used otherwise
    if (op === "global.get" && x.items[1] === this.names.sp) throw new Unsupported(); // a use not understood
    if (STORE.test(op) || op === "memory.fill") return this.spAccess(x, op, depth);
    if (op === "block" || op === "loop") return this.construct(x, op === "loop", () => this.label(x, depth, op === "loop"));
    if (op === "if") return this.construct(x, false, () => this.ifElse(x, depth));
    if (op === "br" || op === "br_if" || op === "br_table") {
      const d = this.operands(x, depth);
      for (const name of x.items.slice(1).filter((a): a is string => typeof a === "string")) this.reach(name, d);
      return op === "br_if" ? d : undefined;
    }
    if (op === "return") {
      const d = this.operands(x, depth);
      if (d !== undefined && d !== 0) throw new Unsupported();
      return undefined;
    }
    if (op === "unreachable") return undefined;
    if (op === "try" || op === "try_table" || op === "delegate") throw new Unsupported();
    return this.operands(x, depth);
  }

  private touchesFrame(x: Node, op: string): boolean {
    return (STORE.test(op) || op === "memory.fill") && this.isSp(x.items.filter(isNode)[0]);
  }

  private operands(x: Node, depth: number | undefined): number | undefined {
    return this.sequence(x.items.slice(1), depth);
  }

  /** A store or fill: through sp (recorded with its depth) or elsewhere (operands walked). */
  private spAccess(x: Node, op: string, depth: number): number | undefined {
    const operands = x.items.filter(isNode);
    const copy = head(operands[0]) === "local.get" ? this.copies.get(operands[0].items[1] as string) : undefined;
    if (copy !== undefined) {
      if (copy === POISON || op === "memory.fill") throw new Unsupported();
      this.stores.push({ node: x, depth: copy });
      this.throughCopy.add(x);
      return this.sequence(operands.slice(1), depth);
    }
    if (!this.isSp(operands[0])) return this.operands(x, depth);
    (op === "memory.fill" ? this.fills : this.stores).push({ node: x, depth });
    return this.sequence(operands.slice(1), depth);
  }

  private label(x: Node, depth: number, isLoop: boolean): number | undefined {
    const name = typeof x.items[1] === "string" ? x.items[1] : "";
    this.labels.push({ name, depth: isLoop ? depth : undefined });
    const end = this.sequence(x.items.slice(1), depth);
    const label = this.labels.pop()!;
    return isLoop ? end : join(end, label.depth);
  }

  private ifElse(x: Node, depth: number): number | undefined {
    const forms = x.items.filter(isNode);
    const arms = forms.filter((f) => f.items[0] === "then" || f.items[0] === "else");
    const rest = forms.filter((f) => !arms.includes(f) && f.items[0] !== "result");
    const d = this.sequence(rest, depth);
    const name = typeof x.items[1] === "string" ? x.items[1] : "";
    this.labels.push({ name, depth: undefined });
    const ends = arms.map((arm) => this.sequence(arm.items.slice(1), d));
    if (!arms.some((a) => a.items[0] === "else")) ends.push(d);
    const label = this.labels.pop()!;
    return ends.reduce(join, label.depth);
  }

  private reach(name: string, depth: number | undefined): void {
    const label = [...this.labels].reverse().find((l) => l.name === name);
    if (!label) throw new Unsupported();
    label.depth = join(label.depth, depth);
  }
}

function join(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  // Paths meeting at different depths (the shared abort after failed stack checks): fine as
  // long as nothing after the meeting point touches the frame, which walk() enforces.
  return a === b ? a : Number.NaN;
}
