import { mkdir, readFile, symlink } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  FUTURE_BASE_CLASS,
  FUTURE_BASE_SIZE,
  FUTURE_FIELDS,
  WAKER_CLASS,
  WAKER_SIZE,
  futureClassName,
  futureSize,
  futureValueOffset,
  type Manifest,
} from "@shared-rt/abi";
import { tempProject, type TempProject } from "@shared-rt/linker/testing";
import type { HostImports, Owned, SharedHost } from "@shared-rt/runner";

const source = (name: string) => readFile(new URL(`./plugins/${name}`, import.meta.url), "utf8");
const futuresPackage = path.dirname(createRequire(import.meta.url).resolve("@shared-rt/futures/package.json"));

/** A Promise with its resolvers, kept by the host function that returned it. */
interface Deferred {
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/** Lets the executor's microtasks (and the Promise reactions they wait on) run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

/** Deterministic shuffle (a fixed LCG), so a failure replays. */
function shuffled<T>(items: T[], seed: number): T[] {
  const out = items.slice();
  let s = seed;
  for (let i = out.length - 1; i > 0; --i) {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

for (const collector of ["incremental", "minimal"] as const) {
  describe(`futures across plugins and the host (${collector} collector)`, () => {
    let project: TempProject;
    let manifest: Manifest;
    let host: SharedHost;
    const later = new Map<number, Deferred[]>();

    const hostImports = (): HostImports => ({
      host: {
        later: (value: number) =>
          new Promise((resolve, reject) => {
            const list = later.get(value) ?? [];
            list.push({ resolve, reject });
            later.set(value, list);
          }),
        readText: (name: string) => readFile(path.join(project.dir, "data", name), "utf8"),
      },
    });

    beforeAll(async () => {
      const files: Record<string, string> = { "host.mjs": "export default {};", "data/hello.txt": "hello futures" };
      for (const name of ["maker.ts", "waiter.ts", "combos.ts"]) files[name] = await source(name);
      project = await tempProject(files, {
        plugins: { maker: { entry: "maker.ts" }, waiter: { entry: "waiter.ts" }, combos: { entry: "combos.ts" } },
        host: "host.mjs",
        collector,
        optimizeLevel: 1,
      });
      // The plugins import "@shared-rt/futures" from the project's node_modules, as an installed package.
      await mkdir(path.join(project.dir, "node_modules", "@shared-rt"), { recursive: true });
      await symlink(futuresPackage, path.join(project.dir, "node_modules", "@shared-rt", "futures"));
      manifest = (await project.build()).manifest;
      host = await project.load({ hostImports });
    });
    afterAll(() => project?.remove());

    const resolveLater = (value: number, result: unknown) => later.get(value)!.shift()!.resolve(result);

    it("lays out the shared classes as @shared-rt/abi says", () => {
      for (const plugin of manifest.plugins) {
        const layouts = plugin.classes.layouts!;
        expect(layouts[FUTURE_BASE_CLASS].size).toBe(FUTURE_BASE_SIZE);
        expect(layouts[FUTURE_BASE_CLASS].fields).toEqual([
          ["state", "i32", FUTURE_FIELDS.state],
          ["error", "string | null", FUTURE_FIELDS.error],
          ["waiters", "Array<Waker> | null", FUTURE_FIELDS.waiters],
        ]);
        expect(layouts[WAKER_CLASS].size).toBe(WAKER_SIZE);
        const ofI32 = layouts[futureClassName("i32")];
        expect(ofI32.fields).toEqual([["value", "i32", futureValueOffset(4)]]);
        expect(ofI32.size).toBe(futureSize(4));
      }
    });

    it("types Future results as Promises in plugins.d.ts, both ways", async () => {
      const typings = await readFile(path.join(project.dir, "build", "plugins.d.ts"), "utf8");
      expect(typings).toContain("labelGate(a0: number, a1: string | Owned): Promise<string>;");
      expect(typings).toContain("allOf(a0: number | Owned, a1: number | Owned, a2: number | Owned): Promise<Array<number>>;");
      expect(typings).toContain("later: ((a0: number) => PromiseLike<number> | number) | Raw;");
    });

    it("awaits from the host a future whose poll runs the plugin that made it", async () => {
      await expect(host.call("maker", "countdown", 5, 42)).resolves.toBe(42);
      expect(host.pins.size).toBe(0);
    });

    it("awaits in another plugin a future made in the first: then() with a context object", async () => {
      await expect(host.call("waiter", "labelCountdown", 3, 7, "n=")).resolves.toBe("n=7");
      const gated = host.call("waiter", "labelGate", 1, "gate ");
      host.call("maker", "open", 1, 99);
      await expect(gated).resolves.toBe("gate 99");
    });

    it("lets one future be awaited by a plugin and by the host at once", async () => {
      const gate = host.callOwned("maker", "gate", 2) as Owned;
      const inWaiter = host.call("waiter", "labelAny", gate, "b:");
      const inHost = host.awaitFuture(gate, "Future<i32>");
      await settle();
      host.call("maker", "open", 2, 5);
      await expect(inWaiter).resolves.toBe("b:5");
      await expect(inHost).resolves.toBe(5);
      gate.dispose();
    });

    it("gives a plugin a host Promise as a future, converted by the declaration", async () => {
      await expect(host.call("waiter", "shoutText", "hello.txt")).resolves.toBe("! HELLO FUTURES");
      const plusOne = host.call("maker", "laterPlusOne", 10);
      await settle();
      resolveLater(10, 20);
      await expect(plusOne).resolves.toBe(21);
      expect(host.pendingFutures).toEqual({ tasks: 0, sources: 0 });
    });

    it("turns failures into typed rejections with the message", async () => {
      const refused = host.call("waiter", "labelGate", 3, "x");
      host.call("maker", "open", 3, -1);
      await expect(refused).rejects.toMatchObject({ code: "FUTURE_FAILED", message: expect.stringContaining("gate 3 refused") });
      const rejected = host.call("maker", "laterPlusOne", 11);
      await settle();
      later.get(11)!.shift()!.reject(new Error("disk on fire"));
      await expect(rejected).rejects.toMatchObject({ code: "FUTURE_FAILED", message: expect.stringContaining("disk on fire") });
      // A value that does not fit the declaration fails the future with the ValueError's words.
      const misfit = host.call("maker", "laterPlusOne", 14);
      await settle();
      resolveLater(14, "fourteen");
      await expect(misfit).rejects.toMatchObject({ code: "FUTURE_FAILED", message: expect.stringContaining("i32") });
      const missing = host.call("waiter", "shoutText", "missing.txt");
      await expect(missing).rejects.toMatchObject({ code: "FUTURE_FAILED", message: expect.stringContaining("ENOENT") });
      await expect(host.call("maker", "broken")).rejects.toMatchObject({ code: "PLUGIN_ABORT", message: expect.stringContaining("broken future polled") });
      expect(host.pins.size).toBe(0);
    });

    it("combines futures of other plugins with all and race", async () => {
      await expect(host.call("combos", "countdowns", 10)).resolves.toEqual([0, 10, 20, 30, 40, 50, 60, 70, 80, 90]);
      const gates = [4, 5, 6].map((key) => host.callOwned("maker", "gate", key) as Owned);
      const every = host.call("combos", "allOf", ...gates);
      const first = host.call("combos", "raceOf", gates[2], gates[1]);
      await settle();
      host.call("maker", "open", 5, 50);
      await expect(first).resolves.toBe(50);
      host.call("maker", "open", 4, 40);
      host.call("maker", "open", 6, 60);
      // race dropped gate 6 when gate 5 won: it stays cancelled, so all() fails.
      await expect(every).rejects.toMatchObject({ code: "FUTURE_FAILED", message: expect.stringContaining("cancelled") });
      for (const gate of gates) gate.dispose();
    });

    it("cancels by drop: the loser of a race is dropped, and a dropped host future is let go", async () => {
      await expect(host.call("combos", "raceGate", 8, 2, 77)).resolves.toBe(77);
      expect(host.call("combos", "loserState")).toBe(3);
      host.call("maker", "closeAll");
      await expect(host.call("combos", "raceLater", 12, 3, 66)).resolves.toBe(66);
      // The host's future for later(12) was dropped with the Then waiting on it: no longer pinned.
      expect(host.pendingFutures).toEqual({ tasks: 0, sources: 0 });
      resolveLater(12, 1);
      await settle();
      const gate = host.callOwned("maker", "gate", 13) as Owned;
      const awaited = host.awaitFuture(gate, "Future<i32>");
      expect(host.call("combos", "dropIt", gate)).toBe(3);
      await expect(awaited).rejects.toMatchObject({ code: "FUTURE_CANCELLED" });
      gate.dispose();
      host.call("maker", "closeAll");
      expect(host.pins.size).toBe(0);
    });

    it("completes 100 overlapping futures in random order with collections forced while pending", async () => {
      const live = () => {
        host.collect();
        return host.heapLive;
      };
      await settle();
      const baseline = live();
      const promises: Promise<unknown>[] = [];
      const expected: unknown[] = [];
      for (let i = 0; i < 50; ++i) {
        promises.push(host.call("waiter", "labelGate", 100 + i, `g${i}:`) as Promise<unknown>);
        expected.push(`g${i}:${i * 3}`);
        promises.push(host.call("maker", "laterPlusOne", 1000 + i) as Promise<unknown>);
        expected.push(1000 + i * 7 + 1);
      }
      await settle();
      live();
      // Pending futures are referenced only by the executor (pins) and the maker's map.
      expect(host.pendingFutures).toEqual({ tasks: 100, sources: 50 });
      const steps = shuffled([...Array(100).keys()], collector === "incremental" ? 17 : 29);
      for (const [n, step] of steps.entries()) {
        const i = step >> 1;
        if (step & 1) resolveLater(1000 + i, 1000 + i * 7);
        else host.call("maker", "open", 100 + i, i * 3);
        if (n % 7 === 0) await settle();
        live();
      }
      expect(await Promise.all(promises)).toEqual(expected);
      expect(host.pendingFutures).toEqual({ tasks: 0, sources: 0 });
      expect(host.pins.size).toBe(0);
      host.call("maker", "closeAll");
      expect(live()).toBeLessThanOrEqual(baseline + 1024);
    });
  });
}

describe("futures whose only users are relocatable plugins", () => {
  let project: TempProject;
  afterAll(() => project?.remove());

  it("are polled through a relocatable plugin's stub, placed where it was loaded", async () => {
    const files: Record<string, string> = { "host.mjs": "export default {};", "maker.ts": await source("maker.ts"), "waiter.ts": await source("waiter.ts") };
    project = await tempProject(files, {
      plugins: { maker: { entry: "maker.ts", relocatable: true }, waiter: { entry: "waiter.ts", relocatable: true } },
      host: "host.mjs",
      optimizeLevel: 1,
    });
    await mkdir(path.join(project.dir, "node_modules", "@shared-rt"), { recursive: true });
    await symlink(futuresPackage, path.join(project.dir, "node_modules", "@shared-rt", "futures"));
    const manifest = (await project.build()).manifest;
    expect(manifest.plugins.every((p) => p.relocatable && !p.dispatch)).toBe(true);
    const host = await project.load({ hostImports: { host: { later: (value: number) => Promise.resolve(value), readText: async () => "" } } });
    await expect(host.call("maker", "countdown", 4, 42)).resolves.toBe(42);
    await expect(host.call("waiter", "labelCountdown", 3, 7, "n=")).resolves.toBe("n=7");
    expect(host.pins.size).toBe(0);
  });
});
