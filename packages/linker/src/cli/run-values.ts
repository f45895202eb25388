import { type AsType, parseType } from "@shared-rt/runner/node";

// How `shared-rt run` turns command-line text into an export's arguments, and its result into text.

const NUMERIC = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;
const INTEGER = /^[-+]?\d+$/;

/** Kinds whose argument is written as JSON: arrays, Sets and typed arrays as arrays, a Map as an object or [key, value] pairs. */
const JSON_KINDS = new Set<AsType["kind"]>(["array", "staticarray", "typedarray", "set", "map"]);

/**
 * A command-line argument as the value the parameter of type `declared` takes (any, when the
 * export's signature is unknown). A number is a number (or text where a string is taken), an
 * i64/u64 a bigint, true/false a bool where one is taken, and JSON where an array, Set, typed
 * array or Map is taken. Text that is none of those stays text, for the runner to refuse naming
 * the parameter and its type.
 */
export function commandLineArgument(arg: string, declared: string | undefined): unknown {
  const type = declared === undefined ? undefined : parseType(declared);
  if (type?.kind === "bool" && (arg === "true" || arg === "false")) return arg === "true";
  if (type?.kind === "bigint" && INTEGER.test(arg)) return BigInt(arg);
  if (type && JSON_KINDS.has(type.kind)) {
    let json: unknown;
    try {
      json = JSON.parse(arg);
    } catch {
      return arg;
    }
    return fromJson(json, type);
  }
  return NUMERIC.test(arg) && type?.kind !== "string" ? Number(arg) : arg;
}

/** A parsed JSON value as the JS form of `type`: Maps and Sets made, i64 as bigints, the rest as parsed (the runner checks it). */
function fromJson(value: unknown, type: AsType): unknown {
  if (value === null) return null;
  switch (type.kind) {
    case "bigint":
      return typeof value === "number" && Number.isSafeInteger(value)
        ? BigInt(value)
        : typeof value === "string" && INTEGER.test(value)
          ? BigInt(value)
          : value;
    case "array":
    case "staticarray":
      return Array.isArray(value) ? value.map((v) => fromJson(v, type.element)) : value;
    case "set":
      return Array.isArray(value) ? new Set(value.map((v) => fromJson(v, type.element))) : value;
    case "map": {
      const pairs = Array.isArray(value) ? value : typeof value === "object" ? Object.entries(value) : undefined;
      if (!pairs?.every((p) => Array.isArray(p) && p.length === 2)) return value;
      return new Map(pairs.map(([k, v]) => [fromJson(Array.isArray(value) ? k : objectKey(k, type.key), type.key), fromJson(v, type.value)]));
    }
    default:
      return value;
  }
}

/** A JSON object's key (always text) as the Map's key type takes it. */
function objectKey(key: string, type: AsType): unknown {
  if (type.kind === "number" && NUMERIC.test(key)) return Number(key);
  if (type.kind === "bigint" && INTEGER.test(key)) return BigInt(key);
  if (type.kind === "bool" && (key === "true" || key === "false")) return key === "true";
  return key;
}

/**
 * A returned value as JSON: arrays, Sets, typed arrays and ArrayBuffers (bytes) as arrays, a Map
 * as an object when its keys are strings and as [key, value] pairs otherwise, an i64 as its exact
 * digits, a NaN or infinity as null (as JSON.stringify writes them).
 */
export function toJson(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "number") return Number.isFinite(value) ? JSON.stringify(value) : "null";
  if (typeof value !== "object") return JSON.stringify(value);
  if (value instanceof ArrayBuffer) return toJson(new Uint8Array(value));
  if (Array.isArray(value) || value instanceof Set || ArrayBuffer.isView(value)) {
    return `[${Array.from(value as Iterable<unknown>, toJson).join(",")}]`;
  }
  const entries = value instanceof Map ? [...value] : Object.entries(value);
  if (!entries.every(([k]) => typeof k === "string")) return `[${entries.map(([k, v]) => `[${toJson(k)},${toJson(v)}]`).join(",")}]`;
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${toJson(v)}`).join(",")}}`;
}

/** What `run` prints for a result: a string as text, nothing for void, anything else as JSON; with `--json`, always one JSON value. */
export function resultText(value: unknown, json: boolean): string {
  if (json) return `${toJson(value)}\n`;
  if (value === undefined) return "";
  return `${typeof value === "string" ? value : toJson(value)}\n`;
}

/** A prefix no command-line option starts with, hiding a negative number from parseArgs (which would read `-5` as an option). */
const NEGATIVE = "\u0000negative:";

/** Marks negative numbers (`-5`, `-0.5`, `-1e3`) so that parseArgs takes them for positionals. */
export function hideNegativeNumbers(argv: string[]): string[] {
  return argv.map((arg) => (arg.startsWith("-") && NUMERIC.test(arg) ? NEGATIVE + arg : arg));
}

/** Undoes {@link hideNegativeNumbers} on a positional. */
export function restoreNegativeNumber(arg: string): string {
  return arg.startsWith(NEGATIVE) ? arg.slice(NEGATIVE.length) : arg;
}
