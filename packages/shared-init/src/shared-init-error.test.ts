import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { RelocationError, RelocationFailure, SharedInitError } from "./shared-init-error.js";

describe("SharedInitError", () => {
  it("carries its code and keeps the message as given", () => {
    const error = new SharedInitError("BAD_CLASS_BASE", "shared-init: the class id base must be an integer >= 32, found 3");
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({
      name: "SharedInitError",
      code: "BAD_CLASS_BASE",
      message: "shared-init: the class id base must be an integer >= 32, found 3",
    });
  });

  it("has RelocationError as the kind with code RELOCATION_FAILED", () => {
    const error = new RelocationError("plugin 'p': the module was not built with the shared-init transform");
    expect(error).toBeInstanceOf(SharedInitError);
    expect(error).toMatchObject({ name: "RelocationError", code: "RELOCATION_FAILED" });
  });

  it("words a relocation failure with plugin, file and the field being read", () => {
    const failure = new RelocationFailure("p", "src/p.ts");
    expect(() => failure.fail("why")).toThrow("plugin 'p' (src/p.ts) cannot be made relocatable: why");
    failure.where = " (in global p/A)";
    expect(() => failure.fail("why")).toThrow("plugin 'p' (src/p.ts) cannot be made relocatable: why (in global p/A)");
  });

  it("lists in the README exactly the codes of its union", () => {
    const source = readFileSync(new URL("./shared-init-error.ts", import.meta.url), "utf8");
    const union = /export type SharedInitErrorCode =([^;]*);/.exec(source)![1];
    const codes = [...union.matchAll(/"([A-Z_]+)"/g)].map((m) => m[1]).sort();
    const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
    const section = /^## Errors\n+(.*)$/m.exec(readme)![1];
    expect([...section.matchAll(/`([A-Z_]+)`/g)].map((m) => m[1]).sort()).toEqual(codes);
  });
});
