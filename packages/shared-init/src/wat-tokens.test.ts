import { describe, expect, it } from "vitest";
import { applyEdits, decodeString, functionAtLine, stringBytes, tokenize } from "./wat-tokens.js";

const bytes = (token: string) => [...decodeString(token)];

describe("tokenize", () => {
  it("splits parentheses, atoms and strings, with their positions", () => {
    const text = '(data $0 (i32.const 8) "ab")';
    const tokens = tokenize(text);
    expect(tokens.map((t) => t.text)).toEqual(["(", "data", "$0", "(", "i32.const", "8", ")", '"ab"', ")"]);
    for (const t of tokens) expect(text.slice(t.start, t.end)).toBe(t.text);
  });

  it("keeps escaped quotes and parentheses inside a string, and drops line comments", () => {
    const text = '(module ;; a comment (with parens)\n (data "a\\")(\\\\" $x))\r\n';
    expect(tokenize(text).map((t) => t.text)).toEqual(["(", "module", "(", "data", '"a\\")(\\\\"', "$x", ")", ")"]);
  });
});

describe("decodeString", () => {
  it("decodes plain ASCII", () => {
    expect(bytes('"abc"')).toEqual([97, 98, 99]);
    expect(bytes('""')).toEqual([]);
  });

  it("decodes two-digit hex escapes, either case", () => {
    expect(bytes('"\\00\\ff\\7F\\1c"')).toEqual([0, 255, 127, 28]);
  });

  it("decodes the named escapes", () => {
    expect(bytes('"\\n\\t\\r\\\\\\"\\\'"')).toEqual([10, 9, 13, 92, 34, 39]);
  });

  it("encodes non-ASCII characters as UTF-8, astral ones from their surrogate pair", () => {
    expect(bytes('"é"')).toEqual([0xc3, 0xa9]);
    expect(bytes('"€"')).toEqual([0xe2, 0x82, 0xac]);
    expect(bytes('"a😀b"')).toEqual([97, 0xf0, 0x9f, 0x98, 0x80, 98]);
  });

  it("reads a hex escape followed by hex-looking text as two digits only", () => {
    expect(bytes('"\\41BC"')).toEqual([0x41, 66, 67]);
  });
});

describe("stringBytes", () => {
  it("joins the string tokens of a data segment, skipping everything else", () => {
    expect([...stringBytes(tokenize('(data (i32.const 8) "ab" "\\01")'))]).toEqual([97, 98, 1]);
    expect([...stringBytes(tokenize("(data (i32.const 8))"))]).toEqual([]);
  });
});

describe("applyEdits", () => {
  it("replaces and inserts by position, whatever order the edits come in", () => {
    const text = "(i32.const 5) (nop)";
    const out = applyEdits(text, [
      { from: 14, to: 19, text: "(drop)" },
      { from: 0, to: 0, text: ">" },
      { from: 0, to: 13, text: "(global.get $g)" },
    ]);
    expect(out).toBe(">(global.get $g) (drop)");
  });

  it("leaves the text as it is without edits", () => {
    expect(applyEdits("(module)", [])).toBe("(module)");
  });
});

describe("functionAtLine", () => {
  const text = ["(module", " (global $g i32 (i32.const 0))", " (func $a/f (param $0 i32)", "  (nop)", " )", ' (export "f" (func $a/f))', ")"].join("\n");

  it("names the function whose text holds the line", () => {
    expect(functionAtLine(text, 4)).toBe("a/f");
    expect(functionAtLine(text, 3)).toBe("a/f");
  });

  it("says nothing for a line of another module field", () => {
    expect(functionAtLine(text, 2)).toBeUndefined();
    expect(functionAtLine(text, 6)).toBeUndefined();
    expect(functionAtLine(text, 1)).toBeUndefined();
  });
});
