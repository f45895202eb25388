/**
 * The wording of conversion errors: where a value was being converted (a {@link Site}), what
 * was expected and what was found, down to the element (`at [1][0]`). Lowering and the host's
 * value functions say why they refuse a value; this file says it in words.
 */
import { NUMERIC, className, displayName, type AsType, type NumericName, type RefType } from "./as-types.js";
import type { ClassOwner } from "./class-table.js";
import { hostError, type SharedRtError } from "./errors.js";
import { Owned } from "./owned.js";

/** The codes a conversion fails with; a call reports them as a PluginCallError, `allocate` as a ValueError. */
export type ConversionCode = "BAD_ARGUMENT" | "UNSUPPORTED_TYPE";

/** Where a value is being converted, for error messages: `argument 2 of p.f`. */
export interface Site {
  /** The plugin whose class ids objects get (the one that receives them). */
  plugin: string | undefined;
  /** `argument 2 of p.f`, `the value`. */
  what: string;
  /** The declared type of the whole value, when converting a part of it (an element). */
  declared?: string;
  /** Builds the error to throw (a PluginCallError for a call). */
  fail(code: ConversionCode, message: string): Error;
}

/** A short description of a JS value for messages. */
export function describe(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "undefined";
  if (typeof value === "string") return value.length > 40 ? `${JSON.stringify(value.slice(0, 40))}… (${value.length} characters)` : JSON.stringify(value);
  if (typeof value === "bigint") return `${value}n`;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (value instanceof Owned) return `an owned handle of ${value.type}`;
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (value instanceof ArrayBuffer) return `ArrayBuffer(${value.byteLength})`;
  if (ArrayBuffer.isView(value)) return `${value.constructor.name}(${(value as { length?: number }).length ?? value.byteLength})`;
  if (typeof value === "function") return "a function";
  return `an object (${Object.prototype.toString.call(value).slice(8, -1)})`;
}

function at(path: string): string {
  return path ? ` at ${path}` : "";
}

/** `argument 1 of p.f is Array<string>`: the site and the type declared there. */
function declaredAt(site: Site, type: AsType): string {
  return `${site.what} is ${site.declared ?? type.text}`;
}

/** What a number of type `name` must be: `an integer from 0 to 255`. */
export function numberRange(name: NumericName): string {
  const { min, max } = NUMERIC[name];
  if (name === "bool") return "a boolean";
  if (name === "f32" || name === "f64") return "a number";
  return `an integer from ${min} to ${max}`;
}

/** What JS values may stand for a reference type: `a string, null or an owned string`. */
export function expectation(type: RefType): string {
  const orNull = type.nullable ? ", null" : "";
  switch (type.kind) {
    case "string":
      return `a string${orNull} or an owned string`;
    case "arraybuffer":
      return `an ArrayBuffer, a typed array${orNull} or an owned ArrayBuffer`;
    case "typedarray":
      return `a ${type.name === "Int64Array" ? "BigInt64Array" : type.name === "Uint64Array" ? "BigUint64Array" : type.name}, an array of numbers${orNull} or an owned ${type.name}`;
    case "array":
    case "staticarray":
      return `an array${orNull} or an owned ${type.text.replace(/\s*\|\s*null$/, "")}`;
    case "map":
    case "set":
      return `a ${type.kind === "map" ? "Map" : "Set"}${orNull}, an owned ${type.text.replace(/\s*\|\s*null$/, "")} or its address`;
    case "class":
      return `an owned ${type.name}${orNull} or its address`;
  }
}

/** `argument 1 of p.f is i32: expected an integer from …, found "x"` (BAD_ARGUMENT). */
export function unexpected(site: Site, type: AsType, expected: string, path: string, value: unknown): Error {
  return mismatch(site, type, expected, path, describe(value));
}

/** Like {@link unexpected}, with what was found already in words. */
function mismatch(site: Site, type: AsType, expected: string, path: string, found: string): Error {
  return site.fail("BAD_ARGUMENT", `${declaredAt(site, type)}: expected ${expected}${at(path)}, found ${found}`);
}

/** A number of the wrong kind or out of the range of numeric type `name`. */
export function badNumber(site: Site, type: AsType, name: NumericName, path: string, value: unknown): Error {
  return unexpected(site, type, numberRange(name), path, value);
}

/** An address (or a handle's address, `found`) that cannot be an object at all. */
export function notAnObject(site: Site, type: RefType, path: string, found: string): Error {
  return mismatch(site, type, expectation(type), path, `${found}, which is not an object`);
}

/** An object of another class than `type` (and not a subclass the build recorded). */
export function wrongClass(site: Site, type: RefType, path: string, found: string, owner: ClassOwner, id: number): Error {
  const name = owner.name ? displayName(owner.name) : "";
  const is = owner.name
    ? `${/^[aeiou]/i.test(name) ? "an" : "a"} ${name} of ${owner.plugin === "runtime" ? "the runtime" : `plugin '${owner.plugin}'`}`
    : `an object of unknown class id ${id}`;
  return mismatch(site, type, displayName(className(type)), path, `${found}, which is ${is}`);
}

/** No loaded plugin has a class id for `type`'s class, so nothing can be allocated as one. */
export function noClassId(site: Site, type: RefType, name: string): Error {
  return site.fail("UNSUPPORTED_TYPE", `${declaredAt(site, type)}, but no loaded plugin uses ${displayName(name)}, so it has no class id to allocate one with`);
}

/** A JS Map or Set given for a Map or Set type whose key, value or element type `what` has no JS form. */
export function noJsForm(site: Site, type: RefType, what: string): Error {
  return site.fail("UNSUPPORTED_TYPE", `${declaredAt(site, type)}, but the host cannot convert ${what}, so it cannot make one from a JS Map or Set`);
}

export function voidValue(site: Site): Error {
  return site.fail("UNSUPPORTED_TYPE", `${site.what} has type void`);
}

export function arrayOfVoid(site: Site, type: AsType): Error {
  return site.fail("UNSUPPORTED_TYPE", `${declaredAt(site, type)}, an array of void`);
}

/** Asked for a view of an object that has no elements of numbers or code units. */
export function noView(type: AsType): SharedRtError {
  return hostError("NO_VIEW", `an owned ${type.text} has no view: only strings, ArrayBuffers, typed arrays and arrays of numbers do`);
}
