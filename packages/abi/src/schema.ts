/**
 * A small schema language for the JSON files shared-rt reads (the manifest): each schema checks
 * a parsed value and reports the first problem with its field path (`plugins[2].memory.base`),
 * what was expected and what was found; its TypeScript type is inferred ({@link Infer}), so a
 * type-level test holds the schema equal to the interfaces it stands for. Hand-written rather
 * than a library: @shared-rt/abi has no dependencies and runs in browsers, and the messages
 * must name fields the way shared-rt's errors do.
 */

/** The first thing wrong with a value: where, what the schema expected, what was there. */
export interface SchemaProblem {
  /** The field path from the root: `plugins[2].memory.base`; `(root)` for the value itself. */
  path: string;
  expected: string;
  found: string;
}

export interface Schema<T> {
  /** What a valid value is, in words: `a non-negative integer`. */
  readonly expected: string;
  /** The first problem of `value` at `path`, or undefined if it is a `T`. */
  check(value: unknown, path: string): SchemaProblem | undefined;
  /**
   * Whether `value` is a `T`: what `check` decides, without building a field path for every
   * field on the way (a manifest of 100 plugins has ~5000). `check` runs it first and walks the
   * value again, naming fields, only when it fails.
   */
  test(value: unknown): boolean;
  /** Type-level only: the type the schema accepts. */
  readonly _type?: T;
}

/** A schema marked optional: in an {@link object}, its key may be absent (or undefined). */
export interface OptionalSchema<T> extends Schema<T> {
  readonly optional: true;
}

export type Infer<S> = S extends Schema<infer T> ? T : never;

/** `42`, `"text"`, `null`, `an array`, `an object`: a value described for a message. */
export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === "object") return "an object";
  if (typeof value === "string") return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return `${typeof value} ${String(value)}`;
}

function schema<T>(expected: string, test: (value: unknown) => boolean): Schema<T> {
  return { expected, test, check: (value, path) => (test(value) ? undefined : { path, expected, found: describeValue(value) }) };
}

/** An integer in `[min, max]` (default: non-negative and below 2^32). */
export function integer(min = 0, max = 2 ** 32 - 1): Schema<number> {
  const range = min === 0 && max === 2 ** 32 - 1 ? "a non-negative 32-bit integer" : `an integer in ${min}..${max}`;
  return schema(range, (v) => typeof v === "number" && Number.isInteger(v) && v >= min && v <= max);
}

export const string: Schema<string> = schema("a string", (v) => typeof v === "string");
export const boolean: Schema<boolean> = schema("a boolean", (v) => typeof v === "boolean");

/** One of these strings. */
export function oneOf<const T extends readonly string[]>(values: T): Schema<T[number]> {
  return schema(values.map((v) => JSON.stringify(v)).join(" or "), (v) => typeof v === "string" && values.includes(v));
}

/** A string starting with `prefix` and more. */
export function prefixed<const P extends string>(prefix: P): Schema<`${P}${string}`> {
  return schema(`a string "${prefix}…"`, (v) => typeof v === "string" && v.startsWith(prefix) && v.length > prefix.length);
}

/** A value of either schema. */
export function either<A, B>(a: Schema<A>, b: Schema<B>): Schema<A | B> {
  const expected = `${a.expected} or ${b.expected}`;
  return {
    expected,
    test: (value) => a.test(value) || b.test(value),
    check: (value, path) => (a.check(value, path) && b.check(value, path) ? { path, expected, found: describeValue(value) } : undefined),
  };
}

export function optional<T>(inner: Schema<T>): OptionalSchema<T> {
  return {
    expected: inner.expected,
    optional: true,
    test: (value) => value === undefined || inner.test(value),
    check: (value, path) => (value === undefined ? undefined : inner.check(value, path)),
  };
}

export function array<T>(element: Schema<T>): Schema<T[]> {
  const expected = `an array of ${element.expected}`;
  const test = (value: unknown) => {
    if (!Array.isArray(value)) return false;
    for (let i = 0; i < value.length; ++i) if (!element.test(value[i])) return false;
    return true;
  };
  return {
    expected,
    test,
    check(value, path) {
      if (test(value)) return undefined;
      if (!Array.isArray(value)) return { path, expected, found: describeValue(value) };
      for (let i = 0; i < value.length; ++i) {
        const problem = element.check(value[i], `${path}[${i}]`);
        if (problem) return problem;
      }
      return undefined;
    },
  };
}

/** A fixed-length array, element by element: `[name, type, offset]`. */
export function tuple<const S extends readonly Schema<unknown>[]>(...elements: S): Schema<{ -readonly [K in keyof S]: Infer<S[K]> }> {
  const expected = `an array of ${elements.length}`;
  const test = (value: unknown) => {
    if (!Array.isArray(value) || value.length !== elements.length) return false;
    for (let i = 0; i < elements.length; ++i) if (!elements[i].test(value[i])) return false;
    return true;
  };
  return {
    expected,
    test,
    check(value, path) {
      if (test(value)) return undefined;
      if (!Array.isArray(value) || value.length !== elements.length) return { path, expected, found: describeValue(value) };
      for (let i = 0; i < elements.length; ++i) {
        const problem = elements[i].check(value[i], `${path}[${i}]`);
        if (problem) return problem;
      }
      return undefined;
    },
  };
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** A JSON object whose every value is a `T`, keyed by any string. */
export function record<T>(value: Schema<T>): Schema<Record<string, T>> {
  const expected = `an object of ${value.expected}`;
  const test = (v: unknown) => {
    if (!isObject(v)) return false;
    for (const key of Object.keys(v)) if (!value.test(v[key])) return false;
    return true;
  };
  return {
    expected,
    test,
    check(v, path) {
      if (test(v)) return undefined;
      if (!isObject(v)) return { path, expected, found: describeValue(v) };
      for (const [key, entry] of Object.entries(v)) {
        const problem = value.check(entry, `${path}${fieldPath(key)}`);
        if (problem) return problem;
      }
      return undefined;
    },
  };
}

type Shape = Record<string, Schema<unknown>>;
type RequiredKeys<S extends Shape> = { [K in keyof S]: S[K] extends OptionalSchema<unknown> ? never : K }[keyof S];
type OptionalKeys<S extends Shape> = Exclude<keyof S, RequiredKeys<S>>;
type Flatten<T> = { [K in keyof T]: T[K] };
export type ObjectOf<S extends Shape> = Flatten<{ [K in RequiredKeys<S>]: Infer<S[K]> } & { [K in OptionalKeys<S>]?: Infer<S[K]> }>;

/** `.name` or `["odd key"]`. */
function fieldPath(key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}

/** A JSON object with these keys (others are let through: a newer writer may add some). */
export function object<const S extends Shape>(shape: S): Schema<ObjectOf<S>> {
  const expected = "an object";
  const fields = Object.entries(shape);
  const test = (value: unknown) => {
    if (!isObject(value)) return false;
    for (const [key, field] of fields) if (!field.test(value[key])) return false;
    return true;
  };
  return {
    expected,
    test,
    check(value, path) {
      if (test(value)) return undefined;
      if (!isObject(value)) return { path, expected, found: describeValue(value) };
      for (const [key, field] of fields) {
        const at = path === "(root)" ? key : `${path}${fieldPath(key)}`;
        const problem = field.check(value[key], at);
        if (problem) return problem;
      }
      return undefined;
    },
  };
}

/** `plugins[2].memory.base: expected a non-negative 32-bit integer, found "12"`. */
export function describeProblem(problem: SchemaProblem): string {
  return `${problem.path}: expected ${problem.expected}, found ${problem.found}`;
}
