import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempProject, type TempProject } from "@shared-rt/linker/testing";
import { PluginCallError, type SharedHost } from "@shared-rt/runner";
import { loadManifestFile } from "@shared-rt/runner/node";
import { failure } from "./expect-failure.js";

const exec = promisify(execFile);
// The `shared-rt` command, where the linker package's `bin` says it is.
const require = createRequire(import.meta.url);
const linkerPackage = require.resolve("@shared-rt/linker/package.json");
const cli = path.join(path.dirname(linkerPackage), (require(linkerPackage) as { bin: Record<string, string> }).bin["shared-rt"]);

describe("exports with default parameters, called from JS", () => {
  let project: TempProject;
  let host: SharedHost;

  beforeAll(async () => {
    const greeter = await readFile(new URL("./plugins/greeter.ts", import.meta.url), "utf8");
    // The same source linked, relocatable and isolated; a caller that passes every argument
    // across the isolation boundary.
    const caller =
      '@external("iso", "greet") declare function greet(name: string, punct: string): string;\nexport function run(): string { return greet("plugin", "."); }\n';
    project = await tempProject(
      { "greeter.ts": greeter, "caller.ts": caller },
      {
        plugins: {
          greeter: { entry: "greeter.ts" },
          reloc: { entry: "greeter.ts", relocatable: true },
          iso: { entry: "greeter.ts", isolated: true },
          caller: { entry: "caller.ts" },
        },
      },
    );
    host = await loadManifestFile((await project.build()).manifestPath);
  });
  afterAll(() => project.remove());

  for (const plugin of ["greeter", "reloc", "iso"]) {
    it(`takes every argument, or leaves trailing ones to their defaults (${plugin})`, () => {
      expect(host.call(plugin, "greet", "x", "?")).toBe("hello, x?");
      expect(host.call(plugin, "greet", "x")).toBe("hello, x!");
      expect(host.call(plugin, "scale", 3, 3, 1n)).toBe(10);
      expect(host.call(plugin, "scale", 3, 3)).toBe(19);
      expect(host.call(plugin, "scale", 3)).toBe(16);
      expect(host.call(plugin, "words", "a-b-c", "-", 2)).toEqual(["a", "b"]);
      expect(host.call(plugin, "words", "a b c")).toEqual(["a", "b", "c"]);
      expect(host.exports(plugin).greet("y")).toBe("hello, y!");
      const owned = host.callOwned<string[]>(plugin, "words", "d e");
      expect(owned!.value).toEqual(["d", "e"]);
      owned!.dispose();
      expect(host.hostOf(plugin).pins.size).toBe(0);
    });
  }

  it("still takes every argument from another plugin", () => {
    expect(host.call("caller", "run")).toBe("hello, plugin.");
  });

  it("refuses too few or too many arguments, saying how many it accepts", () => {
    const few = failure(() => host.call("greeter", "greet"));
    expect(few).toBeInstanceOf(PluginCallError);
    expect(few.code).toBe("BAD_ARGUMENT");
    expect(few.message).toBe("greeter.greet(string, string?) expects 1 to 2 arguments, found 0");
    expect(failure(() => host.call("iso", "greet", "a", "b", "c")).message).toBe("iso.greet(string, string?) expects 1 to 2 arguments, found 3");
    expect(failure(() => host.exports("reloc").scale()).message).toBe("reloc.scale(f64, f64?, i64?) expects 1 to 3 arguments, found 0");
    // An omitted argument is not a way around a wrong one.
    expect(failure(() => host.call("greeter", "greet", 1)).message).toBe(
      "argument 1 of greeter.greet is string: expected a string or an owned string, found 1",
    );
  });

  it("works from the CLI, with every argument or fewer", async () => {
    const run = async (...args: string[]) => (await exec(process.execPath, [cli, "run", ...args, "-p", project.file])).stdout;
    expect(await run("greeter.greet", "x")).toBe("hello, x!\n");
    expect(await run("greeter.greet", "x", "?")).toBe("hello, x?\n");
  });
});
