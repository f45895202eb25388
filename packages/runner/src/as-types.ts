/**
 * AssemblyScript types as the build spells them in a plugin's export signatures (`i32`,
 * `string | null`, `Array<string>`, `Uint8Array`, `StaticArray<f64>`, `Map<string,i32>`,
 * `Set<i64>`, `Foo`), parsed into what the host needs to convert values: the kind, the element
 * types, and the compiler's internal class name, which is how a plugin's class table names the
 * class. Spaces after commas and around `|` do not matter (`Map<string, i32> | null`).
 */

import { ARRAYBUFFER_ID, COMMON_CLASS_NAMES, STRING_ID } from "@shared-rt/abi";

/** Numeric types and how one element of each is stored. */
export const NUMERIC = {
  i8: { bytes: 1, array: Int8Array, min: -0x80, max: 0x7f },
  u8: { bytes: 1, array: Uint8Array, min: 0, max: 0xff },
  i16: { bytes: 2, array: Int16Array, min: -0x8000, max: 0x7fff },
  u16: { bytes: 2, array: Uint16Array, min: 0, max: 0xffff },
  i32: { bytes: 4, array: Int32Array, min: -0x80000000, max: 0x7fffffff },
  u32: { bytes: 4, array: Uint32Array, min: 0, max: 0xffffffff },
  isize: { bytes: 4, array: Int32Array, min: -0x80000000, max: 0x7fffffff },
  usize: { bytes: 4, array: Uint32Array, min: 0, max: 0xffffffff },
  f32: { bytes: 4, array: Float32Array, min: -Infinity, max: Infinity },
  f64: { bytes: 8, array: Float64Array, min: -Infinity, max: Infinity },
  i64: { bytes: 8, array: BigInt64Array, min: -(2n ** 63n), max: 2n ** 63n - 1n },
  u64: { bytes: 8, array: BigUint64Array, min: 0n, max: 2n ** 64n - 1n },
  bool: { bytes: 1, array: Uint8Array, min: 0, max: 1 },
} as const;

export type NumericName = keyof typeof NUMERIC;

/** AssemblyScript's typed arrays and the numeric type of their elements. */
export const TYPED_ARRAYS = {
  Int8Array: "i8",
  Uint8Array: "u8",
  Uint8ClampedArray: "u8",
  Int16Array: "i16",
  Uint16Array: "u16",
  Int32Array: "i32",
  Uint32Array: "u32",
  Int64Array: "i64",
  Uint64Array: "u64",
  Float32Array: "f32",
  Float64Array: "f64",
} as const satisfies Record<string, NumericName>;

export type TypedArrayName = keyof typeof TYPED_ARRAYS;

export type TypedArrayCtor =
  | Int8ArrayConstructor
  | Uint8ArrayConstructor
  | Uint8ClampedArrayConstructor
  | Int16ArrayConstructor
  | Uint16ArrayConstructor
  | Int32ArrayConstructor
  | Uint32ArrayConstructor
  | Float32ArrayConstructor
  | Float64ArrayConstructor
  | BigInt64ArrayConstructor
  | BigUint64ArrayConstructor;

export type AnyTypedArray = InstanceType<TypedArrayCtor>;

/** The JS typed array that mirrors an AssemblyScript typed array. */
export function jsTypedArray(name: TypedArrayName): TypedArrayCtor {
  return name === "Uint8ClampedArray" ? Uint8ClampedArray : NUMERIC[TYPED_ARRAYS[name]].array;
}

/** A parsed AssemblyScript type. */
export type AsType =
  | { kind: "void"; text: string }
  | { kind: "number" | "bigint" | "bool"; text: string; name: NumericName }
  | { kind: "string"; text: string; nullable: boolean }
  | { kind: "arraybuffer"; text: string; nullable: boolean }
  | { kind: "typedarray"; text: string; nullable: boolean; name: TypedArrayName; element: NumericName }
  | { kind: "array" | "staticarray"; text: string; nullable: boolean; element: AsType }
  /** `Map<K,V>` whose key and value types have a JS form (see {@link hasJsForm}). */
  | { kind: "map"; text: string; nullable: boolean; key: AsType; value: AsType }
  /** `Set<T>` whose element type has a JS form. */
  | { kind: "set"; text: string; nullable: boolean; element: AsType }
  /** Any other class (a user class, a function type): passed only as a handle or an address. */
  | { kind: "class"; text: string; nullable: boolean; name: string };

/** A reference type: an object on the shared heap. */
export type RefType = Exclude<AsType, { kind: "void" | "number" | "bigint" | "bool" }>;

export function isReference(type: AsType): type is RefType {
  return type.kind !== "void" && type.kind !== "number" && type.kind !== "bigint" && type.kind !== "bool";
}

const cache = new Map<string, AsType>();

/** Parses a type as the build spells it. Never throws: what it does not know is a `class`. */
export function parseType(text: string): AsType {
  let type = cache.get(text);
  if (!type) {
    type = parse(text.trim());
    cache.set(text, type);
  }
  return type;
}

function parse(text: string): AsType {
  const nullable = /\|\s*null$/.test(text);
  const bare = nullable ? text.replace(/\s*\|\s*null$/, "") : text;
  if (bare === "void") return { kind: "void", text };
  if (bare in NUMERIC && !nullable) {
    const name = bare as NumericName;
    return { kind: name === "bool" ? "bool" : name === "i64" || name === "u64" ? "bigint" : "number", text, name };
  }
  if (bare === "string") return { kind: "string", text, nullable };
  if (bare === "ArrayBuffer") return { kind: "arraybuffer", text, nullable };
  if (bare in TYPED_ARRAYS) {
    const name = bare as TypedArrayName;
    return { kind: "typedarray", text, nullable, name, element: TYPED_ARRAYS[name] };
  }
  const generic = /^(Array|StaticArray|Map|Set)\s*<(.*)>$/.exec(bare);
  const args = generic ? typeArguments(generic[2]) : undefined;
  if (generic && args) {
    const parsed = args.map(parse);
    const name = generic[1];
    if (name === "Map" && parsed.length === 2 && parsed.every(hasJsForm)) return { kind: "map", text, nullable, key: parsed[0], value: parsed[1] };
    if (name === "Set" && parsed.length === 1 && hasJsForm(parsed[0])) return { kind: "set", text, nullable, element: parsed[0] };
    if ((name === "Array" || name === "StaticArray") && parsed.length === 1 && parsed[0].kind !== "void") {
      return { kind: name === "Array" ? "array" : "staticarray", text, nullable, element: parsed[0] };
    }
  }
  return { kind: "class", text, nullable, name: bare };
}

/** The top-level type arguments in `s` (`string, Array<i32>` → two), or undefined if brackets do not balance. */
export function typeArguments(s: string): string[] | undefined {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < s.length; ++i) {
    const c = s[i];
    if (c === "<" || c === "(") depth++;
    else if (c === ">" || c === ")") depth--;
    else if (c === "," && depth === 0) {
      out.push(s.slice(start, i).trim());
      start = i + 1;
    }
    if (depth < 0) return undefined;
  }
  out.push(s.slice(start).trim());
  return depth === 0 && out.every((arg) => arg !== "") ? out : undefined;
}

/**
 * Wasm's own types that are not numbers (`v128`, `externref`, `ref_func`, …): values the host
 * cannot read or make, nor lay out in a Map entry.
 */
const NATIVE_TYPES = /^(?:v128|(?:extern|any|func|eq|i31|struct|array|string|none|noextern|nofunc)ref|ref_\w+)(?:\s*\|\s*null)?$/;

/**
 * Whether values of `type` can be a Map's key or value, or a Set's element, as the host
 * converts them: numbers, `bool`, strings and every object (converted, or as a handle or an
 * address); not `void` nor wasm's own reference and vector types. A `Map` or `Set` of those
 * stays a plain class, passed by handle or address.
 */
export function hasJsForm(type: AsType): boolean {
  return type.kind !== "void" && !(type.kind === "class" && NATIVE_TYPES.test(type.name));
}

/**
 * The compiler's internal name of a type (`~lib/array/Array<~lib/string/String|null>`), which
 * is how a plugin's layout names its classes. For a user class only the simple name is known
 * (`Foo`); {@link classNameMatches} compares those by their last path segment.
 */
export function internalName(type: AsType): string {
  switch (type.kind) {
    case "void":
      return "void";
    case "number":
    case "bigint":
    case "bool":
      return type.name;
    default:
      return `${internalClassName(type)}${type.nullable ? "|null" : ""}`;
  }
}

/** {@link internalName} of a reference type, without `|null`. */
function internalClassName(type: RefType): string {
  switch (type.kind) {
    case "string":
      return COMMON_CLASS_NAMES[STRING_ID];
    case "arraybuffer":
      return COMMON_CLASS_NAMES[ARRAYBUFFER_ID];
    case "typedarray":
      return `~lib/typedarray/${type.name}`;
    case "array":
      return `~lib/array/Array<${internalName(type.element)}>`;
    case "staticarray":
      return `~lib/staticarray/StaticArray<${internalName(type.element)}>`;
    case "map":
      return `~lib/map/Map<${internalName(type.key)},${internalName(type.value)}>`;
    case "set":
      return `~lib/set/Set<${internalName(type.element)}>`;
    case "class":
      return type.name;
  }
}

const classNames = new WeakMap<AsType, string>();
const matches = new WeakMap<AsType, Map<string, boolean>>();

/** The internal class name of a reference type, without `|null`: what a class table lists. */
export function className(type: RefType): string {
  let name = classNames.get(type);
  if (name === undefined) {
    name = internalName({ ...type, nullable: false } as AsType);
    classNames.set(type, name);
  }
  return name;
}

/**
 * Whether an internal class name from a plugin's layout is the class `type` names. Library
 * classes compare exactly; a user class `Foo` matches `path/to/file/Foo`.
 */
export function classNameMatches(type: RefType, name: string): boolean {
  let known = matches.get(type);
  if (!known) {
    known = new Map();
    matches.set(type, known);
  }
  let result = known.get(name);
  if (result === undefined) {
    const want = className(type);
    result = type.kind === "class" ? name === want || name.endsWith(`/${want}`) : name === want;
    known.set(name, result);
  }
  return result;
}

/** How a type reads in a message: `Array<i32>`, with internal `~lib/...` paths shortened. */
export function displayName(internal: string): string {
  return internal.replace(/~lib\/string\/String/g, "string").replace(/(?:~lib\/)?[\w./-]*\/(\w+)/g, "$1");
}
