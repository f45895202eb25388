/**
 * JSON with positions: parses like JSON.parse, and remembers where each key and value starts,
 * so that a problem in a project file can say line:column. A syntax error says line:column and
 * shows the line with a caret, instead of JSON.parse's `at position 246`.
 */

/** A 1-based line and column. */
export interface JsonLocation {
  line: number;
  column: number;
}

export interface ParsedJson {
  value: unknown;
  /** Where the value at `path` starts, or (`key`) the key naming it; undefined if there is none. */
  locate(path: readonly (string | number)[], key?: boolean): JsonLocation | undefined;
}

/** A syntax error: where, what was expected, and the line with a caret under the place. */
export class JsonSyntaxError extends Error {
  constructor(
    readonly reason: string,
    readonly location: JsonLocation,
    readonly excerpt: string,
  ) {
    super(`${location.line}:${location.column}: ${reason}\n${excerpt}`);
    this.name = "JsonSyntaxError";
  }
}

/** The line and column of `offset` in `text`. */
export function locationOf(text: string, offset: number): JsonLocation {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: offset - start + 1 };
}

/** The line holding `location`, and a caret under its column. */
function excerptAt(text: string, location: JsonLocation): string {
  const line = text.split("\n")[location.line - 1]?.replace(/\r$/, "") ?? "";
  const gutter = `${location.line} | `;
  return `${gutter}${line}\n${" ".repeat(gutter.length + location.column - 1)}^`;
}

const ESCAPES: Record<string, string> = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/** A recursive-descent reader over `src`, recording where each key and value starts. */
class JsonReader {
  i = 0;
  readonly offsets = new Map<string, { key?: number; value: number }>();
  constructor(readonly src: string) {}

  fail(reason: string, at = this.i): never {
    const location = locationOf(this.src, at);
    throw new JsonSyntaxError(reason, location, excerptAt(this.src, location));
  }

  found(): string {
    return this.i >= this.src.length ? "the end of the file" : `'${this.src[this.i]}'`;
  }

  /** Skips white space; the character after it. */
  space(): string | undefined {
    while (this.i < this.src.length && " \t\n\r".includes(this.src[this.i])) this.i++;
    return this.src[this.i];
  }

  string(): string {
    const { src } = this;
    const start = this.i++;
    let out = "";
    for (;;) {
      if (this.i >= src.length) this.fail("unterminated string", start);
      const c = src[this.i++];
      if (c === '"') return out;
      if (c < " ") this.fail("control character in a string (escape it)", this.i - 1);
      if (c !== "\\") {
        out += c;
        continue;
      }
      const e = src[this.i++];
      const hex = src.slice(this.i, this.i + 4);
      if (e === "u" && /^[0-9a-fA-F]{4}$/.test(hex)) {
        out += String.fromCharCode(Number.parseInt(hex, 16));
        this.i += 4;
      } else if (e in ESCAPES) out += ESCAPES[e];
      else this.fail(`invalid escape '\\${e ?? ""}'`, this.i - 2);
    }
  }

  value(path: string[], key?: number): unknown {
    const c = this.space();
    this.offsets.set(JSON.stringify(path), { key, value: this.i });
    if (c === "{") return this.object(path);
    if (c === "[") return this.array(path);
    if (c === '"') return this.string();
    for (const [word, v] of WORDS) {
      if (this.src.startsWith(word, this.i)) {
        this.i += word.length;
        return v;
      }
    }
    NUMBER.lastIndex = this.i;
    const m = NUMBER.exec(this.src);
    if (!m) return this.fail(`expected a value, found ${this.found()}`);
    this.i += m[0].length;
    return Number(m[0]);
  }

  object(path: string[]): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    this.i++;
    if (this.space() === "}") {
      this.i++;
      return out;
    }
    for (;;) {
      if (this.space() !== '"') this.fail(`expected a key in double quotes, found ${this.found()}`);
      const keyAt = this.i;
      const k = this.string();
      if (this.space() !== ":") this.fail(`expected ':' after the key "${k}", found ${this.found()}`);
      this.i++;
      // As JSON.parse: `__proto__` is an own key like any other.
      Object.defineProperty(out, k, { value: this.value([...path, k], keyAt), enumerable: true, writable: true, configurable: true });
      const next = this.space();
      if (next !== "}" && next !== ",") this.fail(`expected ',' or '}' after the value of "${k}", found ${this.found()}`);
      this.i++;
      if (next === "}") return out;
    }
  }

  array(path: string[]): unknown[] {
    const out: unknown[] = [];
    this.i++;
    if (this.space() === "]") {
      this.i++;
      return out;
    }
    for (;;) {
      out.push(this.value([...path, String(out.length)]));
      const next = this.space();
      if (next !== "]" && next !== ",") this.fail(`expected ',' or ']' after an array element, found ${this.found()}`);
      this.i++;
      if (next === "]") return out;
    }
  }
}

const WORDS = [
  ["true", true],
  ["false", false],
  ["null", null],
] as const;

/** Parses `text` as JSON; throws a {@link JsonSyntaxError} at the first place it is not. */
export function parseJson(text: string): ParsedJson {
  // A byte-order mark counts as a column, so that columns match what an editor shows.
  const reader = new JsonReader(text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text);
  const value = reader.value([]);
  reader.space();
  if (reader.i < reader.src.length) reader.fail(`unexpected ${reader.found()} after the end of the JSON value`);
  return {
    value,
    locate(path, key) {
      const at = reader.offsets.get(JSON.stringify(path.map(String)));
      const offset = key ? at?.key : at?.value;
      return offset === undefined ? undefined : locationOf(reader.src, offset);
    },
  };
}
