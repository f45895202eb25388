import { tokenize } from "./wat-tokens.js";

/**
 * Binaryen's folded text as a tree of forms, for rewrites that follow the code's structure
 * (the shadow-stack rewrite). Atoms keep their text, so printing gives what Binaryen parses.
 */
export interface Node {
  items: (Node | string)[];
}

export function parse(text: string): Node {
  const root: Node = { items: [] };
  const stack: Node[] = [root];
  for (const token of tokenize(text)) {
    if (token.text === "(") {
      const node: Node = { items: [] };
      stack[stack.length - 1].items.push(node);
      stack.push(node);
    } else if (token.text === ")") stack.pop();
    else stack[stack.length - 1].items.push(token.text);
  }
  return root;
}

export function serialize(node: Node | string): string {
  if (typeof node === "string") return node;
  return `(${node.items.map(serialize).join(" ")})`;
}

export const isNode = (x: Node | string | undefined): x is Node => x !== undefined && typeof x !== "string";

/** The head atom of a form (`block`, `i32.store`, …). */
export const head = (x: Node | string | undefined): string | undefined => (isNode(x) && typeof x.items[0] === "string" ? x.items[0] : undefined);

/** A value with no effects: a constant or a local. */
export function isPure(x: Node): boolean {
  return ["i32.const", "i64.const", "local.get"].includes(x.items[0] as string);
}

/** `(i32.const 0)` or `(i64.const 0)`. */
export function isZero(x: Node | string | undefined): boolean {
  return isNode(x) && (x.items[0] === "i32.const" || x.items[0] === "i64.const") && x.items[1] === "0";
}
