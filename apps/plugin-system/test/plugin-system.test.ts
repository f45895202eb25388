import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { PluginSystem } from "../plugin-system.mjs";

const run = promisify(execFile);
const appDir = path.resolve(fileURLToPath(import.meta.url), "../..");
const manifestPath = path.join(appDir, "build", "manifest.json");
const cli = createRequire(import.meta.url)
  .resolve("@shared-rt/linker/package.json")
  .replace(/package\.json$/, "dist/cli.js");

// What a user expects `npm start` to print.
const EXPECTED = `commands: upper, reverse, mirror
upper: HELLO PLUGIN WORLD
reverse: dlrow nigulp olleh
mirror: hello plugin world|dlrow nigulp olleh
installing count at run time
commands: upper, reverse, mirror, count
upper: HELLO PLUGIN WORLD
reverse: dlrow nigulp olleh
mirror: hello plugin world|dlrow nigulp olleh
count: 3 words, 18 characters
upper - shouts its input
reverse - reads it backwards
mirror - reads it backwards
count - (no help)
`;

describe("apps/plugin-system: a plugin API as an abstract class, three plugins, one loaded at run time", () => {
  beforeAll(async () => {
    await run(process.execPath, [cli, "build", "--quiet"], { cwd: appDir });
  });

  it("prints every command's result through the core's registry with `npm start`", async () => {
    const { stdout } = await run(process.execPath, ["main.mjs"], { cwd: appDir });
    expect(stdout).toBe(EXPECTED);
  });

  it("runs commands through the API, before and after a plugin is installed into the running host", async () => {
    const system = await PluginSystem.start(manifestPath);
    expect(system.commands()).toEqual(["upper", "reverse", "mirror"]);
    expect(system.run("mirror", "ab")).toBe("ab|ba");
    expect(system.run("count", "x")).toBe("no command 'count'");
    await system.install("count");
    expect(system.run("count", " two  words ")).toBe("2 words, 12 characters");
    system.host.collect();
    expect(system.commands()).toEqual(["upper", "reverse", "mirror", "count"]);
    expect(system.run("upper", "still here")).toBe("STILL HERE");
  });
});
