import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { loadManifestFile, type SharedHost } from "@shared-rt/runner/node";
import { beforeAll, describe, expect, it } from "vitest";
import hostImports, { observed } from "../host.mjs";
import { Pipeline } from "../pipeline.mjs";

const run = promisify(execFile);
const appDir = path.resolve(fileURLToPath(import.meta.url), "../..");
const cli = createRequire(import.meta.url)
  .resolve("@shared-rt/linker/package.json")
  .replace(/package\.json$/, "dist/cli.js");

describe("apps/pipeline: stages as plugins, text passed by address", () => {
  let host: SharedHost;
  let pipeline: Pipeline;

  beforeAll(async () => {
    await run(process.execPath, [cli, "build", "--quiet"], { cwd: appDir });
    host = await loadManifestFile(path.join(appDir, "build", "manifest.json"), { hostImports });
    pipeline = new Pipeline(host, ["normalize", "capitalize", "redact"]);
  });

  it("normalizes, capitalizes and redacts", () => {
    expect(pipeline.run("  hello   world.  my number is\t555 0100!   call me? ")).toBe("Hello world. My number is ### ####! Call me?");
    expect(pipeline.run("")).toBe("");
    expect(pipeline.run("ünïcode ärger. ok")).toBe("Ünïcode ärger. Ok");
  });

  it("hands each stage exactly the string the previous one returned", () => {
    observed.length = 0;
    const { text, addresses } = pipeline.runOwned(" one.  two 3 ");
    if (!text) throw new Error("the pipeline returned null");
    expect(text.value).toBe("One. Two #");
    expect(observed.map((o) => o.stage)).toEqual(["normalize", "capitalize", "redact"]);
    observed.forEach((o, k) => {
      expect(o.input).toBe(addresses[k]);
      expect(o.output).toBe(addresses[k + 1]);
    });
    // The result goes on to another plugin as it is: stats counts the very same string.
    expect(host.call("stats", "run", text)).toEqual([3, 1, 10]);
    text.dispose();
  });

  it("passes a string through a stage with nothing to do without copying it at all", () => {
    observed.length = 0;
    const { text, addresses } = pipeline.runOwned("Already clean. Nothing to do.");
    if (!text) throw new Error("the pipeline returned null");
    const [, capitalize, redact] = observed;
    expect(capitalize.output).toBe(capitalize.input);
    expect(redact.output).toBe(redact.input);
    expect(new Set(addresses.slice(1)).size).toBe(1);
    text.dispose();
  });

  it("runs a megabyte of text, and leaves nothing pinned or live behind", () => {
    const line = "  some  text with 12 digits. and more   ";
    const big = line.repeat(Math.ceil((1 << 20) / line.length));
    const out = pipeline.run(big) as string;
    expect(out.startsWith("Some text with ## digits. And more some text")).toBe(true);
    expect(out).not.toMatch(/\d|\s\s/);
    host.collect();
    const baseline = host.heapLive;
    for (let i = 0; i < 200; ++i) pipeline.run(line);
    host.collect();
    expect(host.heapLive).toBeLessThanOrEqual(baseline);
    expect(host.pins.size).toBe(0);
  });

  it("refuses a stage that is not text in, text out", () => {
    expect(() => new Pipeline(host, ["normalize", "stats"])).toThrow("stage 'stats' must export run(text: string): string");
  });

  it("prints the result with `npm start`", async () => {
    const { stdout } = await run(process.execPath, ["main.mjs", "a  b.  c 9", "--trace"], { cwd: appDir });
    const lines = stdout.trim().split("\n");
    expect(lines.slice(0, 2)).toEqual(["A b. C #", "4 words, 1 sentences, 8 characters"]);
    expect(lines[2]).toMatch(/^normalize +\d+ -> \d+$/);
  });
});
