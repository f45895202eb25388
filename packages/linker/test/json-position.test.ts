import { describe, expect, it } from "vitest";
import { JsonSyntaxError, parseJson } from "../src/json-position.js";
import { editDistance, nearest } from "../src/suggest.js";

describe("parseJson", () => {
  it("parses as JSON.parse does", () => {
    for (const text of [
      '{"a": [1, -2.5e3, true, false, null, "x\\"\\u00e9\\n"], "b": {}, "c": [], "__proto__": 1, "a": 2}',
      "\ufeff  [ ]  ",
      '"\\/\\\\"',
      "0",
    ]) {
      expect(parseJson(text).value).toEqual(JSON.parse(text.replace(/^\ufeff/, "")));
    }
  });

  it("locates keys and values by path", () => {
    const { locate } = parseJson('{\n  "plugins": {\n    "a": { "entry": "a.ts" }\n  },\n  "list": [1,\n 2]\n}');
    expect(locate(["plugins", "a", "entry"], true)).toEqual({ line: 3, column: 12 });
    expect(locate(["plugins", "a", "entry"])).toEqual({ line: 3, column: 21 });
    expect(locate(["list", 1])).toEqual({ line: 6, column: 2 });
    expect(locate(["nothing"])).toBeUndefined();
  });

  it("refuses what JSON.parse refuses, saying line:column", () => {
    const cases: [string, string][] = [
      ['{"a": 1,}', "1:9: expected a key in double quotes, found '}'"],
      ["{'a': 1}", "1:2: expected a key in double quotes, found '''"],
      ['{"a" 1}', `1:6: expected ':' after the key "a", found '1'`],
      ["[1 2]", "1:4: expected ',' or ']' after an array element, found '2'"],
      ['{"a": tru}', "1:7: expected a value, found 't'"],
      ['"abc', "1:1: unterminated string"],
      ['"\\x"', "1:2: invalid escape '\\x'"],
      ["1 2", "1:3: unexpected '2' after the end of the JSON value"],
      ["", "1:1: expected a value, found the end of the file"],
    ];
    for (const [text, message] of cases) {
      expect(() => JSON.parse(text)).toThrow();
      const error = (() => {
        try {
          parseJson(text);
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(JsonSyntaxError);
      expect((error as Error).message.split("\n")[0]).toBe(message);
    }
  });
});

describe("suggestions", () => {
  it("measures edits case-insensitively", () => {
    expect(editDistance("colector", "collector")).toBe(1);
    expect(editDistance("outdir", "outDir")).toBe(0);
    expect(editDistance("kitten", "sitting")).toBe(3);
  });

  it("suggests only near misses", () => {
    expect(nearest("incrmental", ["incremental", "minimal"])).toBe("incremental");
    expect(nearest("tokenizr", ["words", "tokenizer"])).toBe("tokenizer");
    expect(nearest("main", ["math"])).toBeUndefined();
    expect(nearest("a", ["b"])).toBeUndefined();
    expect(nearest("console", ["words"])).toBeUndefined();
  });
});
