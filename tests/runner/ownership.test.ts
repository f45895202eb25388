import { readFile } from "node:fs/promises";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempProject, type TempProject } from "@shared-rt/linker/testing";
import { Owned, type PluginCallError, raw, SharedRtError, ValueError, type SharedHost } from "@shared-rt/runner";
import { loadManifestFile } from "@shared-rt/runner/node";

const source = (name: string) => readFile(new URL(`./plugins/${name}`, import.meta.url), "utf8");
const MB = 1 << 20;

for (const collector of ["incremental", "minimal"] as const) {
  describe(`owned handles and borrowed values (${collector} collector)`, () => {
    let project: TempProject;
    let host: SharedHost;
    const given: Owned<string>[] = [];
    const logged: string[] = [];

    beforeAll(async () => {
      project = await tempProject(
        { "keeper.ts": await source("keeper.ts"), "other.ts": await source("other.ts"), "host.mjs": "export default {};" },
        { plugins: { keeper: { entry: "keeper.ts" }, other: { entry: "other.ts" } }, collector, host: "host.mjs", optimizeLevel: 1 },
      );
      host = await loadManifestFile((await project.build()).manifestPath, {
        // A host function's pointer arguments are borrowed for the call; own() keeps one, which
        // takes the raw pointer: raw() hands it over unconverted.
        hostImports: (h) => ({
          host: {
            give: raw((ptr: number) => given.push(h.own<string>(ptr, "string")!)),
            // A borrowed argument, copied out by the host as its declaration types it.
            sum: (xs: number[]) => xs.reduce((a, b) => a + b, 0),
          },
        }),
        log: (line) => logged.push(line),
      });
    });
    afterAll(() => project.remove());

    /** Live bytes after a full collection. */
    const live = () => {
      host.collect();
      return host.heapLive;
    };

    it("keeps a result alive while the handle lives, and lets it go on dispose()", () => {
      const before = live();
      const handle = host.callOwned<string>("keeper", "text", MB / 2)!;
      expect(handle).toBeInstanceOf(Owned);
      expect(handle.type).toBe("string");
      host.call("keeper", "churn", 20_000);
      expect(live()).toBeGreaterThanOrEqual(before + MB);
      expect(handle.value).toBe("x".repeat(MB / 2));
      expect(host.pins.count(handle.ptr)).toBe(1);
      handle.dispose();
      handle.dispose(); // idempotent
      expect(handle.disposed).toBe(true);
      expect(host.pins.size).toBe(0);
      expect(live()).toBeLessThan(before + MB);
      expect(() => handle.value).toThrow(SharedRtError);
      expect(() => handle.ptr).toThrow("cannot read ptr of an owned string that was already disposed");
    });

    it("unpins at the end of a `using` block", () => {
      let ptr = 0;
      {
        using handle = host.callOwned<number[]>("keeper", "numbers", 4)!;
        ptr = handle.ptr;
        expect(handle.value).toEqual([0, 1, 4, 9]);
        expect(host.pins.count(ptr)).toBe(1);
      }
      expect(host.pins.count(ptr)).toBe(0);
    });

    it("passes an owned object to any plugin without copying it", () => {
      using text = host.callOwned<string>("keeper", "text", 3)!;
      expect(host.call("keeper", "length", text)).toBe(3);
      expect(host.call("other", "shout", text)).toBe("XXX");
      using numbers = host.allocate<number[]>("Array<i32>", [4, 5, 6])!;
      expect(host.call("other", "first", numbers)).toBe(4);
      // An argument that is also a handle stays pinned by the handle after the call.
      expect(host.pins.count(numbers.ptr)).toBe(1);
    });

    it("gives a zero-copy view that is re-created after the memory grows", () => {
      using numbers = host.callOwned<number[]>("keeper", "numbers", 5)!;
      const view = numbers.view() as Uint32Array;
      expect([...view]).toEqual([0, 1, 4, 9, 16]);
      view[0] = 42; // writes go to the object itself
      const pages = host.memory.buffer.byteLength >>> 16;
      // More than the whole memory holds now, so it must grow.
      expect(host.call("keeper", "grow", pages * 64 + 1024)).toBeGreaterThan(pages);
      expect(view.length).toBe(0); // the old buffer is detached
      expect([...(numbers.view() as Uint32Array)]).toEqual([42, 1, 4, 9, 16]);
      expect(numbers.value).toEqual([42, 1, 4, 9, 16]);
      host.call("keeper", "release");
    });

    it("takes ownership of a borrowed pointer inside a host function", () => {
      given.length = 0;
      host.call("keeper", "hand", "kept");
      host.call("keeper", "churn", 20_000);
      live();
      expect(given).toHaveLength(1);
      expect(given[0].value).toBe("kept!");
      given[0].dispose();
    });

    it("copies a host function's borrowed argument with lift()", () => {
      expect(host.call("keeper", "viaHost", 4)).toBe(0 + 1 + 4 + 9);
    });

    it("leaves an object a plugin pinned itself to that plugin", () => {
      // The runtime's __pin refuses a second pin, so the host must not pin it again, nor unpin it.
      const first = host.callOwned<string>("keeper", "selfPinned")!;
      const ptr = first.ptr;
      first.dispose();
      host.call("keeper", "churn", 20_000);
      live();
      const again = host.own<string>(ptr, "string")!;
      expect(again.value).toBe("ppp");
      host.call("keeper", "unpinIt", again); // the plugin's own __unpin succeeds
      again.dispose();
      expect(host.pins.size).toBe(0);
    });

    it("offers a plugin's exports as functions", () => {
      const keeper = host.exports("keeper");
      expect(keeper.length("four")).toBe(4);
      expect(keeper.numbers(3)).toEqual([0, 1, 4]);
    });

    it("counts pins: two handles on one object, and an owned argument", () => {
      const a = host.callOwned<string>("keeper", "text", 2)!;
      const b = host.own<string>(a.ptr, "string")!;
      expect(host.pins.count(a.ptr)).toBe(2);
      a.dispose();
      expect(host.pins.count(b.ptr)).toBe(1);
      expect(b.value).toBe("xx");
      b.dispose();
      expect(host.pins.size).toBe(0);
    });

    it("refuses what cannot be owned, naming expected and found", () => {
      const error = (() => {
        try {
          host.callOwned("keeper", "count");
        } catch (e) {
          return e as PluginCallError;
        }
      })();
      expect(error).toMatchObject({ code: "NOT_A_REFERENCE", plugin: "keeper", export: "count" });
      expect(error!.message).toBe("keeper.count returns i32, not an object: use call(), there is nothing to own");

      using text = host.callOwned<string>("keeper", "text", 1)!;
      expect(() => host.own(text.ptr, "Array<i32>")).toThrow(ValueError);
      expect(() => host.own(text.ptr, "Array<i32>")).toThrow(
        `the value is Array<i32>: expected Array<i32>, found address ${text.ptr}, which is a string of the runtime`,
      );
      expect(() => host.call("other", "first", text)).toThrow(
        "argument 1 of other.first is Array<i32>: expected Array<i32>, found an owned string, which is a string of the runtime",
      );
      expect(() => host.allocate("Map<string,i32>", {})).toThrow(
        "the value is Map<string,i32>: expected a Map, an owned Map<string,i32> or its address, found an object (Object)",
      );
      expect(() => host.allocate("Array<u64>", [1])).toThrow(
        "the value is Array<u64>, but no loaded plugin uses Array<u64>, so it has no class id to allocate one with",
      );
      expect(host.allocate("string | null", null)).toBe(null);
      expect(host.callOwned("keeper", "text", 0)!.dispose()).toBe(undefined);
    });

    it("unpins a handle that is garbage-collected without dispose(), as a safety net", async () => {
      setFlagsFromString("--expose-gc");
      const gc = runInNewContext("gc") as () => void;
      logged.length = 0;
      const before = host.pins.size;
      ((n: number) => {
        host.callOwned("keeper", "text", n); // dropped on the floor
      })(5);
      expect(host.pins.size).toBe(before + 1);
      for (let i = 0; i < 200 && host.pins.size > before; ++i) {
        gc();
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      expect(host.pins.size).toBe(before);
      expect(logged.some((line) => /an owned string \(at \d+\) was garbage-collected without dispose\(\); unpinned it/.test(line))).toBe(true);
    });
  });
}
