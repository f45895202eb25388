import { readFile, readdir } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { LINK_ERROR_CODES } from "../src/index.js";

const root = fileURLToPath(new URL("../", import.meta.url));

/** The backticked codes (UPPER_CASE) in the README's "## Errors" section. */
async function readmeCodes(): Promise<string[]> {
  const readme = await readFile(path.join(root, "README.md"), "utf8");
  const section = readme.split(/^## /m).find((s) => s.startsWith("Errors\n"));
  expect(section, "README.md has no '## Errors' section").toBeDefined();
  return [...section!.matchAll(/`([A-Z][A-Z0-9_]*[A-Z0-9])`/g)].map((m) => m[1]);
}

/** The codes of every `new LinkError("…"` in the sources. */
async function thrownCodes(): Promise<string[]> {
  const files = (await readdir(path.join(root, "src"), { recursive: true })).filter((f) => f.endsWith(".ts"));
  const texts = await Promise.all(files.map((f) => readFile(path.join(root, "src", f), "utf8")));
  return texts.flatMap((t) => [...t.matchAll(/new LinkError\(\s*"([A-Z_]+)"/g)].map((m) => m[1]));
}

describe("link error codes", () => {
  it("are listed in the README, all of them and no others", async () => {
    expect(new Set(await readmeCodes())).toEqual(new Set(LINK_ERROR_CODES));
  });

  it("are each thrown somewhere", async () => {
    expect(new Set(await thrownCodes())).toEqual(new Set(LINK_ERROR_CODES));
  });
});
