import { VARARGS_EXPORT_PREFIX, type ExportSignature } from "@shared-rt/abi";
import { describe, expect, it } from "vitest";
import { parseType } from "../src/as-types.js";
import { callWithArguments, checkArity, omittedValue } from "../src/default-arguments.js";
import { PluginCallError } from "../src/errors.js";

const greet: ExportSignature = { params: ["string", "string"], result: "string", optional: 1 };
const add: ExportSignature = { params: ["i32", "i32"], result: "i32" };

function refusal(fn: () => void): PluginCallError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(PluginCallError);
    return error as PluginCallError;
  }
  throw new Error("not refused");
}

describe("checkArity", () => {
  it("takes every count from the required parameters to all of them", () => {
    expect(() => checkArity("b", "greet", greet, 1)).not.toThrow();
    expect(() => checkArity("b", "greet", greet, 2)).not.toThrow();
    expect(() => checkArity("b", "add", add, 2)).not.toThrow();
  });

  it("refuses another count, spelling the optional parameters", () => {
    const error = refusal(() => checkArity("b", "greet", greet, 3));
    expect(error.code).toBe("BAD_ARGUMENT");
    expect([error.plugin, error.export]).toEqual(["b", "greet"]);
    expect(error.message).toBe("b.greet(string, string?) expects 1 to 2 arguments, found 3");
    expect(refusal(() => checkArity("b", "greet", greet, 0)).message).toBe("b.greet(string, string?) expects 1 to 2 arguments, found 0");
    expect(refusal(() => checkArity("b", "add", add, 1)).message).toBe("b.add(i32, i32) takes 2 argument(s), got 1");
  });
});

describe("omittedValue", () => {
  it("is the wasm zero of the parameter's type, which asc's wrapper replaces by the default", () => {
    expect(omittedValue(parseType("i64"))).toBe(0n);
    expect(omittedValue(parseType("f64"))).toBe(0);
    expect(omittedValue(parseType("string"))).toBe(0);
  });
});

describe("callWithArguments", () => {
  const fn = (...args: unknown[]) => ["fn", ...args];

  it("calls the export itself with every argument", () => {
    expect(callWithArguments("b", "greet", {}, fn, 2, 2)).toBe(fn);
  });

  it("sets the count and calls asc's wrapper with fewer", () => {
    const log: unknown[] = [];
    const exports = {
      [`${VARARGS_EXPORT_PREFIX}greet`]: (...args: unknown[]) => {
        log.push(["wrapper", ...args]);
        return "done";
      },
      __setArgumentsLength: (n: number) => log.push(["count", n]),
    };
    expect(callWithArguments("b", "greet", exports, fn, 2, 1)(7, 0)).toBe("done");
    expect(log).toEqual([
      ["count", 1],
      ["wrapper", 7, 0],
    ]);
  });

  it("says how to fix a plugin built without the wrapper", () => {
    const error = refusal(() => callWithArguments("b", "greet", {}, fn, 2, 1));
    expect(error.code).toBe("BAD_ARGUMENT");
    expect(error.message).toBe(
      `b.greet has default parameters, but plugin 'b' does not export ${VARARGS_EXPORT_PREFIX}greet and __setArgumentsLength to apply them; rebuild it with the current shared-init, or pass all 2 arguments`,
    );
  });
});
