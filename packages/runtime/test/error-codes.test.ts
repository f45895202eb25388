import { readFile, readdir } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { RUNTIME_BUILD_ERROR_CODES } from "../src/index.js";

const root = fileURLToPath(new URL("../", import.meta.url));

describe("runtime build error codes", () => {
  it("are listed in the README, all of them and no others", async () => {
    const readme = await readFile(path.join(root, "README.md"), "utf8");
    const section = readme.split(/^## /m).find((s) => s.startsWith("Errors\n")) ?? "";
    const listed = [...section.matchAll(/^- `([A-Z_]+)`/gm)].map((m) => m[1]);
    expect(listed).toEqual([...RUNTIME_BUILD_ERROR_CODES]);
  });

  it("are each thrown somewhere", async () => {
    const files = (await readdir(path.join(root, "src"), { recursive: true })).filter((f) => f.endsWith(".ts"));
    const texts = await Promise.all(files.map((f) => readFile(path.join(root, "src", f), "utf8")));
    const thrown = texts.flatMap((t) => [...t.matchAll(/new RuntimeBuildError\(\s*"([A-Z_]+)"/g)].map((m) => m[1]));
    expect(new Set(thrown)).toEqual(new Set(RUNTIME_BUILD_ERROR_CODES));
  });
});
