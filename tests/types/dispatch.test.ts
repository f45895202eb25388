import { readFile, writeFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempProject, type TempProject } from "@shared-rt/linker/testing";
import type { Manifest } from "@shared-rt/abi";
import { PluginCallError, type SharedHost } from "@shared-rt/runner";
import { loadManifestFile } from "@shared-rt/runner/node";
import { failure } from "../runner/expect-failure.js";

const source = (name: string) => readFile(new URL(`./plugins/${name}`, import.meta.url), "utf8");

// Until shared class ids land, a class has one id per plugin. These projects give every plugin
// the same class-id base (the collideClassIds fault) and make each resolve the shared classes
// first, in one order, so that Animal, Dog, Greeter and Shape happen to have equal ids in both
// plugins; the consumer has no classes of its own. Its range, all of it the owner's too, is
// then left out of the manifest's ranges (the host refuses overlapping ranges): the owner
// registers those ids with the runtime for both.
async function project(faults: { noOwnerStubs?: string[] } = {}, optimizeLevel = 0): Promise<{ project: TempProject; host: SharedHost }> {
  const files = { "shared/animals.ts": await source("shared/animals.ts"), "dogs.ts": await source("dogs.ts"), "zoo.ts": await source("zoo.ts") };
  const p = await tempProject(files, { optimizeLevel, plugins: { dogs: { entry: "dogs.ts" }, zoo: { entry: "zoo.ts" } } });
  const build = await p.build({ faults: { collideClassIds: true, ...faults } });
  const manifest = JSON.parse(await readFile(build.manifestPath, "utf8")) as Manifest;
  const zoo = manifest.plugins.find((plugin) => plugin.name === "zoo")!;
  zoo.classes = { ...zoo.classes, count: 0, rttiBase: 0 };
  if (zoo.slot) zoo.slot.classes.count = 0;
  await writeFile(build.manifestPath, JSON.stringify(manifest));
  return { project: p, host: await loadManifestFile(build.manifestPath) };
}

for (const optimizeLevel of [0, 3]) {
  describe(`a virtual call across plugins (-O${optimizeLevel})`, () => {
    let p: TempProject;
    let host: SharedHost;
    beforeAll(async () => {
      ({ project: p, host } = await project({}, optimizeLevel));
      // The premise: the shared classes have the same ids in both plugins.
      expect(host.plugin("zoo").classNames.slice(0, 4)).toEqual(host.plugin("dogs").classNames.slice(0, 4));
    });
    afterAll(() => p.remove());

    const make = (name: string) => host.call("dogs", name) as number;

    it("reaches the override of a class only the owner knows: methods, getters, setters, toString", () => {
      expect(["makePuppy", "makeHusky", "makeWolf", "makeDog"].map((m) => host.call("zoo", "speak", make(m)))).toEqual(["yip", "yip", "howl", "woof"]);
      expect(["makePuppy", "makeHusky", "makeWolf", "makeDog"].map((m) => host.call("zoo", "legs", make(m)))).toEqual([3, 3, 0, 4]);
      expect(host.call("zoo", "setLegs", make("makeWolf"), 7)).toBe("wolf7");
      expect(host.call("zoo", "setLegs", make("makePuppy"), 7)).toBe("rex!7");
      expect(["makePuppy", "makeHusky", "makeWolf"].map((m) => host.call("zoo", "describe", make(m)))).toEqual(["puppy rex", "puppy balto", "animal w"]);
    });

    it("reaches interface and abstract methods", () => {
      expect(host.call("zoo", "greet", make("makeWolf"))).toBe("grr zoo");
      expect(host.call("zoo", "greet", make("makePuppy"))).toBe("-");
      expect(host.call("zoo", "area", host.call("dogs", "makeSquare"))).toBe(9);
      expect(host.call("zoo", "kind", host.call("dogs", "makeSquare"))).toBe("square");
    });

    it("answers instanceof and checked casts for subclasses only the owner knows", () => {
      expect(["makePuppy", "makeHusky", "makeWolf", "makeDog"].map((m) => host.call("zoo", "isDog", make(m)))).toEqual([true, true, false, true]);
      expect(["makePuppy", "makeWolf"].map((m) => host.call("zoo", "isGreeter", make(m)))).toEqual([false, true]);
      expect(host.call("zoo", "asDog", make("makeHusky"))).toBe("yip");
      const error = failure(() => host.call("zoo", "asDog", make("makeWolf")));
      expect(error).toBeInstanceOf(PluginCallError);
      expect(error.message).toMatch(/^zoo\.asDog failed: plugin 'zoo' aborted: invalid downcast at /);
    });
  });
}

describe("a virtual call whose override the owner did not build", () => {
  let p: TempProject;
  let host: SharedHost;
  beforeAll(async () => {
    ({ project: p, host } = await project({ noOwnerStubs: ["dogs"] }));
  });
  afterAll(() => p.remove());

  it("traps with an error naming the method and the class, never running the base method", () => {
    const wolf = host.call("dogs", "makeWolf") as number;
    const error = failure(() => host.call("zoo", "speak", wolf)) as PluginCallError;
    expect(error).toBeInstanceOf(PluginCallError);
    expect(error.code).toBe("MISSING_OVERRIDE");
    expect(error.message).toBe(
      "zoo.speak failed: no implementation of shared/animals/Animal#speak is registered for dogs/Wolf (class id 38, plugin 'dogs'): the plugin that owns the class was built without it, or the object is not what it claims",
    );
  });
});
