/**
 * Binaryen's text format, read as a flat list of tokens. The relocation compares two builds
 * token by token and rewrites the first one by splicing text edits at token positions; no
 * tree is built, because the two builds line up token for token or they are not the same shape.
 */

/** A token of the text and where it lies in it (`end` exclusive). */
export interface Token {
  text: string;
  start: number;
  end: number;
}

/** Splits wat into parentheses, string literals (quotes kept) and atoms; drops `;;` comments. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === " " || c === "\n" || c === "\t" || c === "\r") {
      ++i;
    } else if (c === "(" || c === ")") {
      tokens.push({ text: c, start: i, end: ++i });
    } else if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === "\\" ? 2 : 1;
      tokens.push({ text: text.slice(i, j + 1), start: i, end: j + 1 });
      i = j + 1;
    } else if (c === ";" && text[i + 1] === ";") {
      while (i < text.length && text[i] !== "\n") ++i;
    } else {
      let j = i;
      while (j < text.length && !" \n\t\r()".includes(text[j])) ++j;
      tokens.push({ text: text.slice(i, j), start: i, end: j });
      i = j;
    }
  }
  return tokens;
}

/** Decodes a wat string literal into bytes. */
export function decodeString(token: string): Uint8Array {
  const out: number[] = [];
  const body = token.slice(1, -1);
  for (let i = 0; i < body.length; ++i) {
    const c = body[i];
    if (c !== "\\") {
      const code = body.codePointAt(i)!;
      if (code > 0x7f) {
        out.push(...new TextEncoder().encode(String.fromCodePoint(code)));
        if (code > 0xffff) ++i;
      } else out.push(code);
      continue;
    }
    const n = body[++i];
    if (/[0-9a-fA-F]/.test(n) && /[0-9a-fA-F]/.test(body[i + 1] ?? "")) {
      out.push(parseInt(body.slice(i, i + 2), 16));
      ++i;
    } else if (n === "n") out.push(10);
    else if (n === "t") out.push(9);
    else if (n === "r") out.push(13);
    else out.push(n.charCodeAt(0)); // \\ \" \'
  }
  return new Uint8Array(out);
}

/** The bytes of every string literal among the tokens, one after the other (a data segment's contents). */
export function stringBytes(tokens: Token[]): Uint8Array {
  const chunks = tokens.filter((p) => p.text.startsWith('"')).map((p) => decodeString(p.text));
  const all = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.length;
  }
  return all;
}

/** Replace `text[from, to)` by `text` (an insertion when `from === to`). */
export interface Edit {
  from: number;
  to: number;
  text: string;
}

/** Applies non-overlapping edits to a text, in order of position (equal positions: in the order given). */
export function applyEdits(text: string, edits: Edit[]): string {
  const sorted = [...edits].sort((x, y) => x.from - y.from || x.to - y.to);
  let out = "";
  let at = 0;
  for (const e of sorted) {
    out += text.slice(at, e.from) + e.text;
    at = e.to;
  }
  return out + text.slice(at);
}

/** The function whose text contains the given (1-based) line of a module's text. */
export function functionAtLine(text: string, line: number): string | undefined {
  const lines = text.split("\n", line);
  for (let i = lines.length - 1; i >= 0; --i) {
    const m = /^ \(func (\S+)/.exec(lines[i]);
    if (m) return m[1].replace(/^\$/, "");
    if (/^ \(/.test(lines[i])) return undefined; // inside another module field
  }
  return undefined;
}
