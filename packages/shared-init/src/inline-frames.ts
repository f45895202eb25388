import type { StackNames } from "./outline-shadow-stack.js";
import type { Node } from "./wat-tree.js";

/**
 * Frames kept inline in the functions that forward calls through the table. Outlining a frame
 * saves ~25 bytes but costs two calls each time the function runs; a cross-plugin virtual call
 * goes through a small override stub, whose outlined frame made it 1.6× slower (known-id calls
 * 4.0 → 6.4 ns, measured with dispatch-bench.mjs). Keeping every small function's frame inline
 * gave the speed back but cost the size (the counter plugin 4038 → 4127 bytes); the stubs are
 * the functions that call through the table without a loop of their own.
 */

/** Forms a function may have at most to keep its frame inline (an override stub has ~100). */
const SMALL = 200;

/** The sp writes and zero stores made here, which the rewrite's final check must not take for asc's. */
const made = new WeakSet<Node>();

export const madeInline = (x: Node): boolean => made.has(x);

/**
 * Whether `func` keeps its frame inline: a small function without a loop that calls through the
 * table — an override stub forwarding a virtual call, or a function calling a function
 * reference — runs once per such call, so its frame is paid per call.
 */
export function keepsFrameInline(func: Node): boolean {
  let forms = 0;
  let loop = false;
  let indirect = false;
  const visit = (x: Node) => {
    forms++;
    if (x.items[0] === "loop") loop = true;
    if (x.items[0] === "call_indirect" || x.items[0] === "return_call_indirect") indirect = true;
    for (const c of x.items) if (typeof c !== "string") visit(c);
  };
  visit(func);
  return indirect && !loop && forms <= SMALL;
}

/** What `~enter(n)` does, inline: push, check, zero the frame (i64 stores, then one i32). */
export function inlineEnter({ sp, limit, abort }: StackNames, n: number): Node[] {
  const get = (): Node => ({ items: ["global.get", sp] });
  const c32 = (v: number): Node => ({ items: ["i32.const", String(v)] });
  const out: Node[] = [
    { items: ["global.set", sp, { items: ["i32.sub", get(), c32(n)] }] },
    {
      items: [
        "if",
        { items: ["i32.lt_s", get(), { items: ["global.get", limit] }] },
        { items: ["then", { items: ["call", abort, c32(0), c32(0), c32(0), c32(0)] }, { items: ["unreachable"] }] },
      ],
    },
  ];
  let at = 0;
  for (; at + 8 <= n; at += 8) out.push({ items: ["i64.store", `offset=${at}`, get(), { items: ["i64.const", "0"] }] });
  if (at < n) out.push({ items: ["i32.store", `offset=${at}`, get(), c32(0)] });
  for (const x of out) made.add(x);
  return out;
}

/** What `~leave(n)` does, inline. */
export function inlineLeave({ sp }: StackNames, n: number): Node[] {
  const pop: Node = { items: ["global.set", sp, { items: ["i32.add", { items: ["global.get", sp] }, { items: ["i32.const", String(n)] }] }] };
  made.add(pop);
  return [pop];
}
