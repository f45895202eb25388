import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempProject, type TempProject } from "@shared-rt/linker/testing";
import { RUNTIME_ENTRY_POINTS } from "@shared-rt/abi";
import { LoadError, PluginCallError, type SharedHost } from "@shared-rt/runner";
import { loadManifestFile } from "@shared-rt/runner/node";
import { failure } from "./expect-failure.js";

const deepSource = () => readFile(new URL("./plugins/deep.ts", import.meta.url), "utf8");

for (const collector of ["incremental", "minimal"] as const) {
  describe(`a trap inside the runtime (${collector} collector)`, () => {
    let project: TempProject;
    let host: SharedHost;

    beforeAll(async () => {
      // A shadow stack far larger than the engine's stack can back: the recursion runs out of
      // the engine's stack first, inside the allocator (the minimal collector has no shadow
      // stack at all).
      project = await tempProject({ "deep.ts": await deepSource() }, { plugins: { deep: { entry: "deep.ts" } }, collector, stackSize: 4 << 20 });
      host = await loadManifestFile((await project.build()).manifestPath);
    });
    afterAll(() => project.remove());

    const why =
      "the shared heap may be inconsistent because a trap interrupted the runtime in __new during a call to deep.run (Maximum call stack size exceeded); discard this host and load the project again";

    it("fails the call with HEAP_CORRUPT, and refuses every later call and load instead of running on a corrupt heap", async () => {
      expect(host.call("deep", "run", 1000)).toBe(0);
      const first = failure(() => host.call("deep", "run", 1_000_000));
      expect(first).toBeInstanceOf(PluginCallError);
      expect(first.code).toBe("HEAP_CORRUPT");
      expect(first.message).toBe(`deep.run failed: ${why}`);
      expect((first.cause as Error).message).toBe("deep.run trapped: Maximum call stack size exceeded (wasm stack overflow)");

      for (const attempt of [() => host.call("deep", "greet", "you"), () => host.exports("deep").greet("you"), () => host.callOwned("deep", "greet", "you")]) {
        const refused = failure(attempt);
        expect(refused.code).toBe("HEAP_CORRUPT");
        expect(refused.message).toBe(`deep.greet refused: ${why}`);
      }
      expect(failure(() => host.collect()).message).toBe(`runtime.__collect refused: ${why}`);
      expect(failure(() => host.allocate("string", "x")).message).toBe(`runtime.__new refused: ${why}`);
      const load = await host.load("again", await readFile(path.join(project.dir, "build", "deep.wasm"))).catch((error: unknown) => error as LoadError);
      expect(load).toBeInstanceOf(LoadError);
      expect((load as LoadError).code).toBe("HEAP_CORRUPT");
      expect((load as LoadError).message).toBe(`cannot load plugin 'again': ${why}`);
    });

    it("leaves a host loaded again from the same project working", async () => {
      const again = await loadManifestFile(path.join(project.dir, "build", "manifest.json"));
      expect(again.call("deep", "greet", "again")).toBe("hello, again");
      expect(again.call("deep", "run", 1000)).toBe(0);
    });
  });
}

describe("a runtime left interrupted by a call the host made without a guard", () => {
  let project: TempProject;

  beforeAll(async () => {
    project = await tempProject({ "deep.ts": await deepSource() }, { plugins: { deep: { entry: "deep.ts" } } });
    await project.build();
  });
  afterAll(() => project.remove());

  it("is refused before anything runs on it", async () => {
    const host = await loadManifestFile(path.join(project.dir, "build", "manifest.json"));
    expect(host.call("deep", "greet", "you")).toBe("hello, you");
    // What a trap in __pin (under `host.own`, which calls the runtime directly) leaves behind.
    (host.runtime.exports.__shared_runtime_entries as WebAssembly.Global).value = RUNTIME_ENTRY_POINTS.indexOf("__pin") + 1;
    const refused = failure(() => host.call("deep", "greet", "you"));
    expect(refused.code).toBe("HEAP_CORRUPT");
    expect(refused.message).toBe(
      "deep.greet refused: the shared heap may be inconsistent because a trap interrupted the runtime in __pin in a call the host made into the runtime itself, whose failure went past it; discard this host and load the project again",
    );
  });
});

describe("the default shadow stack", () => {
  let project: TempProject;
  let host: SharedHost;

  beforeAll(async () => {
    project = await tempProject({ "deep.ts": await deepSource() }, { plugins: { deep: { entry: "deep.ts" } } });
    host = await loadManifestFile((await project.build()).manifestPath);
  });
  afterAll(() => project.remove());

  it("runs out before the engine's stack: the allocating recursion fails cleanly, and the host stays usable", () => {
    for (let i = 0; i < 20; ++i) {
      const error = failure(() => host.call("deep", "run", 1_000_000));
      expect(error.code).toBe("PLUGIN_ABORT");
      expect(error.message).toBe("deep.run failed: plugin 'deep' aborted: stack overflow: the shared shadow stack is exhausted");
    }
    expect(host.call("deep", "run", 1000)).toBe(0);
    expect(host.call("deep", "greet", "still")).toBe("hello, still");
  });
});
