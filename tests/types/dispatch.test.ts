import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempProject, type TempProject } from "@shared-rt/linker/testing";
import { LoadError, PluginCallError, type SharedHost } from "@shared-rt/runner";
import { loadManifestFile } from "@shared-rt/runner/node";
import { failure } from "../runner/expect-failure.js";

const source = (name: string) => readFile(new URL(`./plugins/${name}`, import.meta.url), "utf8");

// The shared file's classes get one id in both plugins (the project's registry); dogs' own
// subclasses, in its entry file, are private to it and unknown to zoo.
async function project(faults: { noOwnerStubs?: string[] } = {}, optimizeLevel = 0): Promise<{ project: TempProject; host: SharedHost }> {
  const files = { "shared/animals.ts": await source("shared/animals.ts"), "dogs.ts": await source("dogs.ts"), "zoo.ts": await source("zoo.ts") };
  const p = await tempProject(files, { optimizeLevel, plugins: { dogs: { entry: "dogs.ts" }, zoo: { entry: "zoo.ts" } } });
  const build = await p.build({ faults });
  return { project: p, host: await loadManifestFile(build.manifestPath) };
}

for (const optimizeLevel of [0, 3]) {
  describe(`a virtual call across plugins (-O${optimizeLevel})`, () => {
    let p: TempProject;
    let host: SharedHost;
    beforeAll(async () => {
      ({ project: p, host } = await project({}, optimizeLevel));
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
      "zoo.speak failed: no implementation of shared/animals/Animal#speak is registered for dogs/Wolf (class id 2050, plugin 'dogs'): the plugin that owns the class was built without it, or the object is not what it claims",
    );
  });
});

describe("a late plugin built from another version of the shared file", () => {
  let p: TempProject;
  let host: SharedHost;
  beforeAll(async () => {
    ({ project: p, host } = await project());
  });
  afterAll(() => p.remove());

  it("is refused before anything of it is registered, naming both methods, and the host keeps working", async () => {
    // The same fields, the methods of Animal in another order: only the method numbering differs.
    const animals = (await source("shared/animals.ts")).replace(
      '  speak(): string { return "..."; }\n  get legs(): i32 { return 4; }',
      '  get legs(): i32 { return 4; }\n  speak(): string { return "..."; }',
    );
    expect(animals).not.toBe(await source("shared/animals.ts"));
    const late = await tempProject(
      {
        "shared/animals.ts": animals,
        "late.ts":
          'import { Animal } from "./shared/animals";\nclass Cow extends Animal { speak(): string { return "moo"; } }\nexport function make(): Animal { return new Cow("c"); }\n',
      },
      { plugins: { late: { entry: "late.ts", relocatable: true } } },
    );
    try {
      const { manifestPath } = await late.build();
      const bytes = new Uint8Array(await readFile(path.join(path.dirname(manifestPath), "late.wasm")));
      const error = await host.load("late", bytes).then(
        () => undefined,
        (e: unknown) => e as LoadError,
      );
      expect(error).toBeInstanceOf(LoadError);
      expect(error?.code).toBe("CLASS_LAYOUT_MISMATCH");
      expect(error?.message).toMatch(
        /^plugin 'late' has 'shared\/animals\/Animal#get:legs' where a plugin loaded before it has 'shared\/animals\/Animal#speak' \(method 0 of class id \d+\): they were built from different versions of a shared file$/,
      );
      expect(host.pluginNames).toEqual(["dogs", "zoo"]);
      expect(host.call("zoo", "speak", host.call("dogs", "makePuppy"))).toBe("yip");
    } finally {
      await late.remove();
    }
  });
});
