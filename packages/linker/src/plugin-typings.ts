/**
 * `plugins.d.ts`: TypeScript declarations of every plugin's exports, written next to the
 * manifest, so that `typed<Plugins>(host).words.split("a b")` (@shared-rt/runner) is checked
 * by tsc. Types are the JS values the runner converts to and from (its README's value table):
 * parameters take what the host accepts (a typed array or an array of numbers, an owned handle,
 * an address for a Map, a Set or another class), results are what it returns (a class it cannot
 * convert comes back as its address, a number; a `Future<T>`, @shared-rt/futures, as a Promise).
 *
 * It also declares `HostImports`, the functions the project's host module provides (every
 * `@external` import of a plugin that no plugin provides), typed the other way round: a host
 * function receives the JS values the runner lifts and returns what it can lower. A function,
 * or a namespace, marked `raw(…)` (@shared-rt/runner) receives wasm values and is accepted as is.
 */
import { FUTURE_TYPE_PATTERN, type ExportSignature, type Manifest } from "@shared-rt/abi";
import { jsTypedArray, parseType, type AsType } from "@shared-rt/runner";

/** T of a `Future<T>` (@shared-rt/futures), which the host turns into a Promise both ways. */
function futureOf(text: string): string | undefined {
  return FUTURE_TYPE_PATTERN.exec(text.trim())?.[1];
}

/** An export's result: a `Future<T>` is a Promise of the T, any other type as {@link resultType}. */
function exportResultType(text: string): string {
  const future = futureOf(text);
  return future ? `Promise<${resultType(future)}>` : resultType(text);
}

/**
 * A host function's result: for a `Future<T>`, or any result of an import the project lists in
 * `"async"` (JSPI), a Promise of the T (or the T itself).
 */
function hostResultType(text: string, isAsync = false): string {
  const future = futureOf(text) ?? (isAsync && text.trim() !== "void" ? text : undefined);
  return future ? `PromiseLike<${paramType(future)}> | ${paramType(future)}` : isAsync ? "PromiseLike<void> | void" : paramType(text);
}

/** The JS type of a value of AssemblyScript type `text` as the host returns it. */
export function resultType(text: string): string {
  return liftedType(parseType(text));
}

/** The JS type the host accepts for an argument of AssemblyScript type `text`. */
export function paramType(text: string): string {
  return loweredType(parseType(text));
}

/** Types passed by value: [as the host returns them, as it accepts them]. */
const PRIMITIVES: Record<"void" | "number" | "bigint" | "bool", [string, string]> = {
  void: ["void", "void"],
  number: ["number", "number"],
  bigint: ["bigint", "bigint | number"],
  bool: ["boolean", "boolean | 0 | 1"],
};

type RefType = Exclude<AsType, { kind: keyof typeof PRIMITIVES }>;

const isPrimitive = (type: AsType): type is Extract<AsType, { kind: keyof typeof PRIMITIVES }> => type.kind in PRIMITIVES;

function liftedType(type: AsType): string {
  return isPrimitive(type) ? PRIMITIVES[type.kind][0] : nullable(liftedRef(type), type.nullable);
}

function liftedRef(type: RefType): string {
  switch (type.kind) {
    case "string":
      return "string";
    case "arraybuffer":
      return "ArrayBuffer";
    case "typedarray":
      return jsTypedArray(type.name).name;
    case "array":
    case "staticarray":
      return `Array<${liftedType(type.element)}>`;
    case "map":
      return `Map<${liftedType(type.key)}, ${liftedType(type.value)}>`;
    case "set":
      return `Set<${liftedType(type.element)}>`;
    case "class":
      return "number";
  }
}

function loweredType(type: AsType): string {
  // An owned handle of the right type stands for any object.
  return isPrimitive(type) ? PRIMITIVES[type.kind][1] : nullable(`${loweredRef(type)} | Owned`, type.nullable);
}

function loweredRef(type: RefType): string {
  switch (type.kind) {
    case "string":
      return "string";
    case "arraybuffer":
      return "ArrayBuffer | ArrayBufferView";
    case "typedarray": {
      const element = type.element === "i64" || type.element === "u64" ? "bigint | number" : "number";
      return `${jsTypedArray(type.name).name} | ReadonlyArray<${element}>`;
    }
    case "array":
    case "staticarray": {
      const element = type.element;
      // An array of numbers may also be given as any typed array.
      const numbers = element.kind === "number" || element.kind === "bigint" ? " | ArrayBufferView" : "";
      return `ReadonlyArray<${loweredType(element)}>${numbers}`;
    }
    case "map":
      return `ReadonlyMap<${loweredType(type.key)}, ${loweredType(type.value)}> | number`;
    case "set":
      return `ReadonlySet<${loweredType(type.element)}> | number`;
    case "class":
      // An address, checked by the host to be of that class.
      return "number";
  }
}

function nullable(text: string, isNullable: boolean): string {
  return isNullable ? `${text} | null` : text;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** A property name as TypeScript spells it: quoted unless an identifier. */
function property(name: string): string {
  return IDENTIFIER.test(name) ? name : JSON.stringify(name);
}

/**
 * The declaration file of a built project: `export interface Plugins { words: { split(a0:
 * string | Owned): Array<string>; … }; … }`. Plugins and exports sorted by name, so the same
 * manifest gives the same bytes; trailing parameters with defaults are optional (`a1?:`).
 */
export function pluginTypings(manifest: Manifest): string {
  const lines = [
    "// Written by shared-rt build: the exports of every plugin, typed as @shared-rt/runner converts them.",
    '// Use: import { typed } from "@shared-rt/runner"; typed<Plugins>(host).plugin.fn(...)',
    'import type { Owned, Raw } from "@shared-rt/runner";',
    "",
    "export interface Plugins {",
  ];
  for (const plugin of [...manifest.plugins].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    lines.push(`  ${property(plugin.name)}: {`);
    for (const name of Object.keys(plugin.exports).sort()) {
      const signature = plugin.exports[name];
      const firstOptional = signature.params.length - (signature.optional ?? 0);
      const params = signature.params.map((type, k) => `a${k}${k >= firstOptional ? "?" : ""}: ${paramType(type)}`);
      lines.push(`    ${property(name)}(${params.join(", ")}): ${exportResultType(signature.result)};`);
    }
    lines.push("  };");
  }
  lines.push("}", "", ...hostImportTypings(manifest), "");
  return lines.join("\n");
}

/** A function the plugins call from JS (a host import): its parameters as lifted, its result as lowered. */
function hostFunctionType(signature: ExportSignature | undefined, isAsync = false): string {
  // No recorded signature (an older build): the function gets raw wasm values.
  if (!signature || signature.result === "?") return "(...args: never[]) => unknown";
  const params = signature.params.map((type, k) => `a${k}: ${resultType(type)}`);
  return `(${params.join(", ")}) => ${hostResultType(signature.result, isAsync)}`;
}

/**
 * `export type HostImports = { host: { log: ((a0: string) => void) | Raw; … } | Raw }`: every
 * import the host provides, by namespace and name, sorted. Plugins that declare one import with
 * different signatures get the intersection: one function must serve them all. A type, not an
 * interface, so that it is assignable to the runner's `HostImports`.
 */
function hostImportTypings(manifest: Manifest): string[] {
  const namespaces = new Map<string, Map<string, Set<string>>>();
  for (const plugin of manifest.plugins) {
    for (const imp of plugin.imports ?? []) {
      if (imp.provider !== "host") continue;
      const names = namespaces.get(imp.module) ?? new Map<string, Set<string>>();
      namespaces.set(imp.module, names);
      const types = names.get(imp.name) ?? new Set<string>();
      names.set(imp.name, types);
      types.add(hostFunctionType(imp.signature, imp.async === true));
    }
  }
  const sorted = <T>(map: Map<string, T>) => [...map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const lines = ["// The functions the project's host module provides, as the runner calls them.", "export type HostImports = {"];
  for (const [module, names] of sorted(namespaces)) {
    lines.push(`  ${property(module)}:`, "    | {");
    for (const [name, types] of sorted(names)) {
      const type = [...types].sort().map((t) => `(${t})`);
      lines.push(`        ${property(name)}: ${type.join(" & ")} | Raw;`);
    }
    lines.push("      }", "    | Raw;");
  }
  lines.push("};");
  return lines;
}
