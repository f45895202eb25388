import { readFile, readdir } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  ABORT_ERROR_CODES,
  CALL_ERROR_CODES,
  HOST_ERROR_CODES,
  LOAD_ERROR_CODES,
  SHARED_RT_ERROR_CODES,
  SharedRtError,
  VALUE_ERROR_CODES,
} from "../src/index.js";

const root = fileURLToPath(new URL("../", import.meta.url));

/** Each error class's codes, as its union's array lists them. */
const UNIONS: Record<string, readonly string[]> = {
  LoadError: LOAD_ERROR_CODES,
  PluginCallError: CALL_ERROR_CODES,
  PluginAbort: ABORT_ERROR_CODES,
  ValueError: VALUE_ERROR_CODES,
  SharedRtError: HOST_ERROR_CODES,
};

/** Per `### Class` of the README's "## Errors" section, the codes its `- \`CODE\`:` lines list. */
async function readmeCodes(): Promise<Record<string, string[]>> {
  const readme = await readFile(path.join(root, "README.md"), "utf8");
  const section = readme.split(/^## /m).find((s) => s.startsWith("Errors\n"));
  expect(section, "README.md has no '## Errors' section").toBeDefined();
  const classes = section!.split(/^### /m).slice(1);
  return Object.fromEntries(classes.map((c) => [c.slice(0, c.indexOf("\n")).trim(), [...c.matchAll(/^- `([A-Z][A-Z0-9_]*)`/gm)].map((m) => m[1])]));
}

/** The source of every file in src/, concatenated. */
async function sources(): Promise<string> {
  const files = (await readdir(path.join(root, "src"), { recursive: true })).filter((f) => f.endsWith(".ts"));
  return (await Promise.all(files.map((f) => readFile(path.join(root, "src", f), "utf8")))).join("\n");
}

const codesIn = (text: string, call: RegExp) => new Set([...text.matchAll(call)].map((m) => m[1]));

describe("the runner's error codes", () => {
  it("are listed in the README, class by class, all of them and no others, in order", async () => {
    expect(await readmeCodes()).toEqual(Object.fromEntries(Object.entries(UNIONS).map(([name, codes]) => [name, [...codes]])));
  });

  it("are each thrown somewhere", async () => {
    const text = await sources();
    expect(codesIn(text, /new LoadError\(\s*"([A-Z_]+)"/g)).toEqual(new Set(LOAD_ERROR_CODES));
    // A call's conversions fail through their site, which makes the PluginCallError.
    const call = new Set([...codesIn(text, /new PluginCallError\(\s*"([A-Z_]+)"/g), ...codesIn(text, /\.fail\(\s*"([A-Z_]+)"/g)]);
    expect(call).toEqual(new Set(CALL_ERROR_CODES));
    expect(codesIn(text, /hostError\(\s*"([A-Z_]+)"/g)).toEqual(new Set(HOST_ERROR_CODES));
  });

  it("make SharedRtError's code the union of every list, checked by tsc", () => {
    expect(new Set(SHARED_RT_ERROR_CODES)).toEqual(new Set(Object.values(UNIONS).flat()));
    const error: SharedRtError = new SharedRtError("NO_SUCH_PLUGIN", "no plugin 'x'");
    // A misspelled code is a type error (the package's typecheck runs over this file).
    // @ts-expect-error 'NO_SUCH_PLUGN' is no SharedRtErrorCode
    expect(error.code === "NO_SUCH_PLUGN").toBe(false);
  });
});
