import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempProject, type TempProject } from "@shared-rt/linker/testing";
import { LoadError, type SharedHost } from "@shared-rt/runner";
import { loadManifestFile } from "@shared-rt/runner/node";

describe("the standard library's host imports", () => {
  let project: TempProject;
  let manifestPath: string;
  let host: SharedHost;
  const logged: string[] = [];

  beforeAll(async () => {
    const source = await readFile(new URL("./plugins/std-user.ts", import.meta.url), "utf8");
    project = await tempProject({ "std.ts": source }, { plugins: { std: { entry: "std.ts" } }, optimizeLevel: 1 });
    manifestPath = (await project.build()).manifestPath;
    host = await loadManifestFile(manifestPath, {
      log: (line) => logged.push(line),
      // Per-plugin imports; `env` ones join the standard ones.
      pluginImports: { std: (h) => ({ env: { greet: (who: number) => h.lower(`hello, ${h.readString(who)}`, "string") } }) },
    });
  });
  afterAll(() => project.remove());

  it("runs crypto, performance, Date, console, trace and Math unchanged", () => {
    const bytes = host.call("std", "random", 64) as Uint8Array;
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect(bytes.length).toBe(64);
    expect(new Set(bytes).size).toBeGreaterThan(8);
    expect(host.call("std", "elapsed")).toBe(true);
    host.call("std", "chatter");
    expect(logged[0]).toMatch(/^t: \d+\.\d{3}ms$/);
    expect(logged.slice(1)).toEqual(["Assertion failed: nope", "said 2.0", "trace: traced 1.5, 2.5"]);
    expect(host.pins.size).toBe(0);
  });

  it("turns process.exit into a typed error naming the plugin", () => {
    expect(() => host.call("std", "quit")).toThrow("std.quit failed: plugin 'std' aborted: exited with code 3");
  });

  it("takes env imports from the host, and names one that is missing", async () => {
    expect(host.call("std", "hello")).toBe("hello, you");
    expect(host.pins.size).toBe(0);
    const error = await loadManifestFile(manifestPath).then(
      () => undefined,
      (e: unknown) => e as LoadError,
    );
    expect(error).toBeInstanceOf(LoadError);
    expect(error).toMatchObject({ code: "IMPORT_UNRESOLVED", plugin: "std" });
    expect(error!.message).toBe(
      "plugin 'std' imports 'env.greet', which is not among the standard host functions the runner provides; supply it as \"env\" in the host imports",
    );
  });
});
