import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { cp } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SharedHost } from "@shared-rt/runner";
import { tempProject, type TempProject } from "../src/testing.js";

const fixtures = fileURLToPath(new URL("./relocatable/", import.meta.url));

for (const optimizeLevel of [0, 3]) {
  describe(`relocatable plugins (-O${optimizeLevel})`, () => {
    let project: TempProject;
    let host: SharedHost;
    let bytes: Uint8Array;
    beforeAll(async () => {
      project = await tempProject(
        {},
        {
          plugins: { caller: { entry: "caller.ts" }, reloc: { entry: "reloc.ts", relocatable: true } },
          optimizeLevel,
        },
      );
      for (const f of ["reloc.ts", "caller.ts"]) await cp(path.join(fixtures, f), path.join(project.dir, f));
      await project.build();
      host = await project.load();
      bytes = new Uint8Array(await readFile(path.join(project.dir, "build", "reloc.wasm")));
    });
    afterAll(() => project.remove());

    it("leaves ordinary integers equal to the build's addresses, table indices and class ids unchanged", () => {
      expect(host.call("reloc", "plainAddress")).toBe(65568);
      expect(host.call("reloc", "plainClassId")).toBe(32);
      expect(host.call("reloc", "plainTableIndex")).toBe(1);
      expect(host.call("reloc", "dataNumbers")).toBe("65568,32,1,65536");
    });

    it("makes every real pointer, table index and class id work where the host put them", () => {
      expect(host.call("reloc", "greet", "you")).toBe("hello, you alphabeta");
      expect(host.call("reloc", "keep", 21)).toBe(42);
      expect(host.call("reloc", "twice", 8)).toBe(16);
      expect(host.call("reloc", "isBox")).toBe(true);
      const plugin = host.plugin("reloc").manifest;
      expect(host.call("reloc", "boxId")).toBeGreaterThanOrEqual(plugin.classes.base);
      expect(plugin.classes.base).toBeGreaterThanOrEqual(32);
      for (let i = 0; i < 50; ++i) {
        host.call("reloc", "churn", 100);
        host.collect();
      }
      expect(host.call("reloc", "keptLabel")).toBe("hello");
      expect(host.call("caller", "callRef", host.call("reloc", "handle") as number, 1)).toBe(101);
    });

    it("loads the same plugin again into the running host as an independent instance, and unloads it", async () => {
      const before = host.heapLive;
      await host.load("reloc2", bytes);
      expect(host.call("reloc2", "greet", "again")).toBe("hello, again alphabeta");
      expect(host.call("reloc2", "keep", 5)).toBe(10);
      expect(host.call("reloc", "keptLabel")).toBe("hello");
      expect(host.plugin("reloc2").manifest.classes.base).not.toBe(host.plugin("reloc").manifest.classes.base);
      const ref = host.call("reloc2", "handle") as number;
      expect(host.call("caller", "callRef", ref, 2)).toBe(102);
      host.unload("reloc2");
      expect(() => host.plugin("reloc2")).toThrow(/no plugin 'reloc2' is loaded/);
      let stale: Error | undefined;
      try {
        host.call("caller", "callRef", ref, 3);
      } catch (e) {
        stale = e as Error;
      }
      expect(stale?.message).toMatch(/^caller\.callRef trapped: .*\(a function reference whose table slot is empty: its plugin may have been unloaded\)$/);
      host.collect();
      host.collect();
      expect(host.heapLive).toBeLessThanOrEqual(before + 64);
    });

    it("runs through the CLI in a project that mixes linked and relocatable plugins", async () => {
      const { execFile } = await import("node:child_process");
      const { promisify } = await import("node:util");
      const cli = fileURLToPath(new URL("../dist/cli.js", import.meta.url));
      const { stdout } = await promisify(execFile)(process.execPath, [cli, "run", "reloc.greet", "cli"], { cwd: project.dir });
      expect(stdout).toBe("hello, cli alphabeta\n");
      expect(host.manifest.plugins.map((p) => [p.name, Boolean(p.relocatable)])).toEqual([
        ["caller", false],
        ["reloc", true],
      ]);
    });

    it("leaks nothing across 1000 load/unload cycles", async () => {
      host.collect();
      const baseline = host.heapLive;
      let pages = 0;
      for (let i = 0; i < 1000; ++i) {
        await host.load("cycled", bytes);
        expect(host.call("cycled", "keep", i)).toBe(i * 2);
        host.unload("cycled");
        if (i % 100 === 99) host.collect();
        // Raw blocks (RTTI, memory.data) are not in the collector's count: memory must not grow either.
        if (i === 99) pages = host.memory.buffer.byteLength;
      }
      host.collect();
      host.collect();
      expect(host.heapLive).toBeLessThanOrEqual(baseline + 64);
      // Bound: class ids are never handed out twice (objects of an unloaded plugin's classes
      // may outlive it), so the runtime's per-id tables (8 bytes an id, grown by doubling) and
      // its per-plugin slot (4 bytes) grow with every load; nothing else may.
      const classes = host.plugin("reloc").manifest.classes.count;
      const registryGrowth = 2 * 900 * (classes * 8 + 4);
      expect(host.memory.buffer.byteLength - pages).toBeLessThanOrEqual(Math.ceil(registryGrowth / 65536) * 65536);
    });
  });
}

describe("relocation errors", () => {
  it("names the plugin, file and function of a construct it cannot relocate", async () => {
    const project = await tempProject(
      // asc folds a constant local, an address times two, into one constant, which moves by
      // twice the delta: no relocation can express it, and guessing would be wrong.
      { "wide.ts": 'export function wide(): usize { const a: usize = changetype<usize>("an address") * 2; return a; }\n' },
      { plugins: { wide: { entry: "wide.ts", relocatable: true } }, optimizeLevel: 3 },
    );
    try {
      const error = (await project.build().catch((e: unknown) => e)) as Error & { code: string };
      expect(error).toMatchObject({ code: "RELOCATION_FAILED" });
      expect(error.message).toMatch(
        /^plugin 'wide' \(wide\.ts\) cannot be made relocatable: the constant \d+ differs between the builds by 2097152, which is no base's delta \(in function wide\/wide\)$/,
      );
    } finally {
      await project.remove();
    }
  });
});

describe("relocatable mode from the asc command line", () => {
  it("SHARED_INIT_RELOCATABLE=1 asc … --transform shared-init builds a plugin a running host can load", async () => {
    const { execFile } = await import("node:child_process");
    const { promisify } = await import("node:util");
    const { createRequire } = await import("node:module");
    const asc = createRequire(import.meta.url)
      .resolve("assemblyscript/package.json")
      .replace(/package\.json$/, "bin/asc.js");
    const project = await tempProject({ "empty.ts": "export function nothing(): void {}\n" }, { plugins: { empty: { entry: "empty.ts" } }, optimizeLevel: 0 });
    try {
      await cp(path.join(fixtures, "reloc.ts"), path.join(project.dir, "reloc.ts"));
      // Run from this package, so that `--transform shared-init` resolves as it would in a user's project.
      await promisify(execFile)(process.execPath, [asc, "reloc.ts", "--baseDir", project.dir, "--transform", "shared-init", "-O3", "-o", "reloc.wasm"], {
        cwd: fileURLToPath(new URL("..", import.meta.url)),
        env: { ...process.env, SHARED_INIT_RELOCATABLE: "1" },
      });
      await project.build();
      const host = await project.load();
      await host.load("reloc", new Uint8Array(await readFile(path.join(project.dir, "reloc.wasm"))));
      expect(host.call("reloc", "plainAddress")).toBe(65568);
      expect(host.call("reloc", "dataNumbers")).toBe("65568,32,1,65536");
      expect(host.call("reloc", "greet", "asc")).toBe("hello, asc alphabeta");
      expect(host.call("reloc", "keep", 4)).toBe(8);
      host.collect();
      expect(host.call("reloc", "keptLabel")).toBe("hello");
      host.unload("reloc");
    } finally {
      await project.remove();
    }
  });
});
