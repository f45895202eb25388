import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { COLLECTORS } from "@shared-rt/abi";
import { parseProject } from "../src/index.js";

const schema = JSON.parse(await readFile(new URL("../shared-rt.schema.json", import.meta.url), "utf8"));

describe("the JSON schema of shared-rt.json", () => {
  it("describes exactly the keys the linker accepts", () => {
    const accepted = {
      plugins: { a: { entry: "a.ts" } },
      outDir: "out",
      collector: "incremental",
      host: "h.mjs",
      optimizeLevel: 1,
      shrinkLevel: 1,
      stackSize: 4096,
      maximumMemory: 8,
      transforms: ["json-as"],
      async: ["host.readText"],
      threads: 2,
      blocking: ["host.waitFor"],
    };
    expect(() => parseProject("/p/shared-rt.json", accepted)).not.toThrow();
    expect(
      Object.keys(schema.properties)
        .filter((k) => k !== "$schema")
        .sort(),
    ).toEqual(Object.keys(accepted).sort());
    expect(schema.properties.collector.enum).toEqual([...COLLECTORS]);
    expect(Object.keys(schema.properties.plugins.additionalProperties.properties)).toEqual(["entry", "wasm", "package", "relocatable", "isolated"]);
  });
});
