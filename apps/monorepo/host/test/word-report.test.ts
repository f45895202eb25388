import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { loadPlugins, wordReport } from "../word-report.mjs";

const run = promisify(execFile);
const hostDir = path.resolve(fileURLToPath(import.meta.url), "../..");
const cli = createRequire(import.meta.url)
  .resolve("@shared-rt/linker/package.json")
  .replace(/package\.json$/, "dist/cli.js");

// What a user expects `npm start` to print.
const EXPECTED = `the   4 ####
end   2 ##
and   1 #
cat   1 #
hat   1 #
9 words, 5 distinct
`;

describe("apps/monorepo: three plugin packages linked by name into one host", () => {
  beforeAll(async () => {
    // Links the packages' prebuilt plugins (turbo built them); nothing here compiles a plugin.
    await run(process.execPath, [cli, "build", "--quiet"], { cwd: hostDir });
  });

  it("prints the word-count table with `npm start`", async () => {
    const { stdout } = await run(process.execPath, ["main.mjs"], { cwd: hostDir });
    expect(stdout).toBe(EXPECTED);
  });

  it("links each plugin from its package's dist/, the counter importing from the tokenizer", async () => {
    const manifest = (await import(path.join(hostDir, "build", "manifest.json"), { with: { type: "json" } })).default;
    expect(manifest.plugins.map((p: { name: string }) => p.name)).toEqual(["tokenizer", "counter", "formatter"]);
    const counter = manifest.plugins.find((p: { name: string }) => p.name === "counter");
    expect(counter.imports).toContainEqual(expect.objectContaining({ module: "tokenizer", name: "tokenize", provider: "plugin:tokenizer" }));
  });

  it("passes a plugin's Map to the host and the host's strings to another plugin", async () => {
    const host = await loadPlugins(path.join(hostDir, "build", "manifest.json"));
    expect(host.call("counter", "countWords", "Straße straße STRASSE")).toEqual(
      new Map([
        ["straße", 2],
        ["strasse", 1],
      ]),
    );
    expect(wordReport(host, "")).toBe("0 words, 0 distinct\n");
  });
});
