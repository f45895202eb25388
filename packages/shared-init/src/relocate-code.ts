import { PLUGIN_EXPORTS, RELOCATION_BASES, sharedClassGlobal, type RelocationKind } from "@shared-rt/abi";
import type { RelocationFailure } from "./shared-init-error.js";
import { kindOfDelta, type BlockLocator, type Segment } from "./static-blocks.js";
import type { Edit, Token } from "./wat-tokens.js";

/**
 * Constants in code, rewritten: every `(i32.const c)` whose value differs between the builds
 * by a base's delta becomes `global.get $static_k` (+ offset) for an address,
 * `table_base + n` for a table index, `class_base + n` for a private class id,
 * `shared_class_<k>` for the plugin's k-th shared class id. Anything else that
 * differs fails: the builds do not have the same shape.
 */

/** A global whose initializer is relocated: set first thing in the start function instead. */
export interface LateGlobal {
  name: string;
  value: string;
}

export interface CodeRelocation {
  /** Text edits of the first build: data segments removed, constants replaced, globals made mutable. */
  edits: Edit[];
  lateGlobals: LateGlobal[];
  /** Constants relocated, by kind. */
  counts: Record<RelocationKind, number>;
}

/** An open form of the text: its head (`func`, `i32.const`, …) and the index of its `(`. */
interface Form {
  head: string;
  at: number;
}

/**
 * Compares the builds' tokens outside the data segments and rewrites what differs. While a
 * module field is read, `failure.where` names it (function or global), for error messages.
 */
export function relocateCode(A: Token[], B: Token[], segments: Segment[], blockOf: BlockLocator, failure: RelocationFailure): CodeRelocation {
  const relocator = new CodeRelocator(A, B, blockOf, failure);
  relocator.result.edits.push(...segments.map((s) => ({ from: A[s.from].start, to: A[s.to].end, text: "" })));
  const inData = new Set<number>();
  for (const s of segments) for (let i = s.from; i <= s.to; ++i) inData.add(i);
  const forms: Form[] = [];
  for (let i = 0; i < A.length; ++i) {
    const a = A[i].text;
    if (a === "(") {
      forms.push({ head: A[i + 1]?.text ?? "", at: i });
      if (forms.length === 2) failure.where = fieldName(A, i);
    } else if (a === ")") {
      forms.pop();
    }
    if (a === B[i].text || inData.has(i)) continue;
    relocator.relocate(i, forms);
  }
  return relocator.result;
}

/** ` (in function f)` or ` (in global g)` for the module field opening at `i`, if it is named. */
function fieldName(A: Token[], i: number): string {
  const field = A[i + 1]?.text;
  const named = A[i + 2]?.text.startsWith("$") ? A[i + 2].text.replace(/^\$/, "") : undefined;
  return (field === "func" || field === "global") && named ? ` (in ${field === "func" ? "function" : "global"} ${named})` : "";
}

class CodeRelocator {
  readonly result: CodeRelocation = { edits: [], lateGlobals: [], counts: { memory: 0, table: 0, classes: 0, shared: 0 } };

  constructor(
    private readonly A: Token[],
    private readonly B: Token[],
    private readonly blockOf: BlockLocator,
    private readonly failure: RelocationFailure,
  ) {}

  /** Rewrites token `i`, which differs between the builds, inside the open `forms`. */
  relocate(i: number, forms: Form[]): void {
    const { A, B, result } = this;
    const fail = this.failure.fail;
    const a = A[i].text;
    const head = forms[forms.length - 1]?.head;
    const va = Number(a);
    const vb = Number(B[i].text);
    if (!Number.isFinite(va) || !Number.isFinite(vb)) fail(`its builds at two bases differ in '${a}' vs '${B[i].text}'`);
    if (head === "memory" || head === "table") {
      // Minimum sizes of the imported memory and table: the host's are large enough.
      result.edits.push({ from: A[i].start, to: A[i].end, text: "0" });
      return;
    }
    if (head !== "i32.const" || A[i - 1].text !== "i32.const" || A[i + 1].text !== ")") {
      fail(
        `a '${head}' operand differs between the builds (${a} vs ${B[i].text}); only i32 constants can be relocated (an address kept as ${head === "i64.const" ? "a 64-bit integer" : head}?)`,
      );
    }
    const kind = kindOfDelta((vb - va) >>> 0);
    if (!kind) fail(`the constant ${a} differs between the builds by ${vb - va}, which is no base's delta`);
    const context = forms[forms.length - 2];
    let replacement = this.replacement(kind!, va);
    if (context?.head === "elem" && kind === "table" && va === RELOCATION_BASES.table) {
      replacement = "(global.get $table_base)";
    } else if (context?.head === "global") {
      replacement = this.initializeLate(context.at, va, replacement);
    } else if (context?.head === "elem" || context?.head === "data") {
      fail(
        `a ${context.head} offset holds ${kind === "memory" ? "an address" : kind === "table" ? "a table index" : "a class id"} (${va}) where only the table base can be relocated`,
      );
    }
    result.counts[kind!]++;
    result.edits.push({ from: A[i - 2].start, to: A[i + 1].end, text: replacement });
  }

  /** What a constant of the first build that is an address, table index or class id becomes. */
  private replacement(kind: RelocationKind, va: number): string {
    if (kind === "memory") {
      const where = this.blockOf(va);
      if (!where) this.failure.fail(`the constant ${va} moves with the memory base but is no static object's address`);
      const g = `(global.get $static_${where!.block})`;
      return where!.offset ? `(i32.add ${g} (i32.const ${where!.offset}))` : g;
    }
    if (kind === "shared") return `(global.get $${sharedClassGlobal(va - RELOCATION_BASES.shared)})`;
    const base = kind === "table" ? "$table_base" : "$class_base";
    const n = va - RELOCATION_BASES[kind];
    return n ? `(i32.add (global.get ${base}) (i32.const ${n}))` : `(global.get ${base})`;
  }

  /**
   * A constant initializer cannot add to an imported global in the engines we target (no
   * extended-const), so the global (its form opening at `open`) becomes mutable, starts at 0
   * and is set first thing in the start function, which runs after the host placed the statics.
   */
  private initializeLate(open: number, va: number, value: string): string {
    const nameToken = this.A[open + 2];
    const typeToken = this.A[open + 3];
    if (!nameToken?.text.startsWith("$")) this.failure.fail(`a global initializer holds a relocated value (${va}) but the global has no name`);
    if (typeToken.text === "i32") this.result.edits.push({ from: typeToken.start, to: typeToken.end, text: "(mut i32)" });
    this.result.lateGlobals.push({ name: nameToken.text, value });
    return "(i32.const 0)";
  }
}

/** Inserts the late globals' initialization at the start of the start function's body. */
export function initializeLateGlobals(A: Token[], lateGlobals: LateGlobal[], fail: (why: string) => never): Edit {
  const sets = lateGlobals.map((g) => `(global.set ${g.name} ${g.value})`).join("\n  ");
  const exportAt = A.findIndex((t, i) => t.text === `"${PLUGIN_EXPORTS.start}"` && A[i - 1].text === "export");
  if (exportAt < 0) {
    fail(`globals are initialized with addresses but the module exports no ${PLUGIN_EXPORTS.start} function to set them in`);
  }
  const startFunc = A[exportAt + 3].text;
  const funcAt = A.findIndex((t, i) => t.text === startFunc && A[i - 1].text === "func" && A[i - 2].text === "(" && i !== exportAt + 3);
  let at = funcAt + 1;
  while (A[at].text === "(" && ["param", "result", "local", "type"].includes(A[at + 1].text)) at = afterForm(A, at);
  return { from: A[at].start, to: A[at].start, text: `${sets}\n  ` };
}

/** The index after the form that opens at `at`. */
function afterForm(A: Token[], at: number): number {
  let depth = 0;
  do {
    if (A[at].text === "(") ++depth;
    else if (A[at].text === ")") --depth;
    ++at;
  } while (depth > 0);
  return at;
}
