import * as assemblyscript from "assemblyscript";
import { PLUGIN_EXPORTS, RUNTIME_FUNCTIONS, RUNTIME_NAMESPACE } from "@shared-rt/abi";

// The compiler's enums are `const enum`s in its typings; read their values from the module.
const { CommonFlags, NodeKind, Node } = assemblyscript as unknown as {
  CommonFlags: { Declare: number; Ambient: number };
  NodeKind: { FunctionDeclaration: number };
  Node: {
    createDecorator(name: unknown, args: unknown[] | null, range: never): unknown;
    createIdentifierExpression(text: string, range: never): unknown;
    createStringLiteralExpression(value: string, range: never): unknown;
  };
};

/** The slices of the parser's AST used here. */
interface Range {
  source: unknown;
}
interface FunctionDeclaration {
  kind: number;
  name: { text: string; range: Range };
  flags: number;
  decorators: unknown[] | null;
  body: unknown;
  range: Range;
}
interface Source {
  normalizedPath: string;
  statements: FunctionDeclaration[];
}

/** Library files that define the runtime's entry points (allocator, collectors, RTTI). */
const RUNTIME_FILES = new Set(["~lib/rt/tlsf.ts", "~lib/rt/itcms.ts", "~lib/rt/tcms.ts", "~lib/rt.ts"]);

/** Statements already turned into imports (a parsed library may be compiled again, see the linker). */
const declaredStatements = new WeakSet<object>();

/**
 * Turns the definitions of the runtime's entry points in AssemblyScript's own runtime sources
 * into declarations of imports from the shared runtime, before anything is compiled:
 * `export function __new(size, id) { … }` becomes, in effect,
 * `@external("~rt", "__new") export declare function __new(size, id);` (RUNTIME_NAMESPACE).
 *
 * Every caller (the standard library, the compiler's generated code) keeps calling the same
 * element with the same signature; only its body is gone. Because nothing references the
 * allocator's and collector's internals any more, they are never compiled, and neither is
 * their static data (error strings, list heads): the plugin carries no runtime at all.
 * Returns the names it declared.
 */
export function declareRuntimeImports(sources: Source[]): string[] {
  const declared: string[] = [];
  for (const source of sources) {
    if (!RUNTIME_FILES.has(source.normalizedPath)) continue;
    for (const statement of source.statements) {
      if (statement.kind !== NodeKind.FunctionDeclaration) continue;
      const name = statement.name.text;
      if (!(name in RUNTIME_FUNCTIONS)) continue;
      declared.push(name);
      // Already declared by an earlier build: the linker reuses the parsed library between builds.
      if (declaredStatements.has(statement)) continue;
      declaredStatements.add(statement);
      const range = statement.name.range as never;
      statement.flags |= CommonFlags.Declare | CommonFlags.Ambient;
      statement.body = null;
      const external = Node.createDecorator(
        Node.createIdentifierExpression("external", range),
        [Node.createStringLiteralExpression(RUNTIME_NAMESPACE, range), Node.createStringLiteralExpression(name, range)],
        range,
      );
      statement.decorators = [...(statement.decorators ?? []), external];
    }
  }
  return declared.sort();
}

/** Path of the source the transform adds to every plugin. */
export const HOOKS_PATH = "~shared-init/hooks.ts";

/**
 * The visitor hooks' names in the hooks source, and the exports they become after compiling
 * (`renameVisitorExports`): the wire names start with `~`, which no identifier can.
 */
export const VISITOR_HOOKS = [
  ["__shared_visit_globals", PLUGIN_EXPORTS.visitGlobals],
  ["__shared_visit_members", PLUGIN_EXPORTS.visitMembers],
] as const;

/** Exports of the hooks source that exist only to make the compiler emit something; removed after compiling. */
export const HOOK_ONLY_EXPORTS = ["__shared_data_end"];

/**
 * A source the transform adds to every plugin. Its exports hand the compiler-generated
 * visitors to the runtime; referencing them here is what makes the compiler generate them,
 * since the plugin's own code never calls the collector. `__shared_data_end` makes the
 * compiler emit `__data_end`. (The shadow-stack check's message strings, which asc asks for only
 * after static data is laid out, are never needed: stack-check.ts drops the message.)
 */
export function hooksSource(): string {
  return `
export function ${VISITOR_HOOKS[0][0]}(cookie: u32): void { __visit_globals(cookie); }
export function ${VISITOR_HOOKS[1][0]}(ptr: usize, cookie: u32): void { __visit_members(ptr, cookie); }
export function __shared_data_end(): usize { return __data_end; }
`;
}
