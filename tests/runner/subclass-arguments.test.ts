import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempProject, type TempProject } from "@shared-rt/linker/testing";
import { PluginCallError, type Owned, type SharedHost } from "@shared-rt/runner";
import { loadManifestFile } from "@shared-rt/runner/node";
import { failure } from "./expect-failure.js";

const source = (name: string) => readFile(new URL(`./plugins/animals/${name}`, import.meta.url), "utf8");

describe("a subclass where its base class is declared", () => {
  let project: TempProject;
  let host: SharedHost;
  const handles: (Owned | null)[] = [];
  const owned = (plugin: string, name: string, ...args: unknown[]) => {
    const handle = host.callOwned(plugin, name, ...args);
    handles.push(handle);
    return handle!;
  };

  beforeAll(async () => {
    project = await tempProject(
      { "animals.ts": await source("animals.ts"), "zoo.ts": await source("zoo.ts"), "keeper.ts": await source("keeper.ts") },
      { plugins: { zoo: { entry: "zoo.ts" }, keeper: { entry: "keeper.ts" } } },
    );
    host = await loadManifestFile((await project.build()).manifestPath);
  });
  afterAll(async () => {
    for (const handle of handles) handle?.dispose();
    expect(host.pins.size).toBe(0);
    await project.remove();
  });

  it("accepts an owned Animal that is a Bird, in the plugin that made it and in another", () => {
    const bird = owned("zoo", "make", 1);
    expect(bird.type).toBe("Animal");
    expect(host.call("zoo", "nameOf", bird)).toBe("bird");
    expect(host.call("keeper", "nameOf", bird)).toBe("kept bird");
  });

  it("accepts any object where Object is declared, of any plugin's class", () => {
    expect(host.call("keeper", "isAnimal", owned("zoo", "make", 1))).toBe(true);
    const text = host.newString("not an animal");
    try {
      expect(host.call("keeper", "isAnimal", text)).toBe(false);
    } finally {
      host.unpin(text);
    }
  });

  it("accepts an owned Robin, an address of one, and a handle taken on one, where Animal or Bird is declared", () => {
    const robin = owned("zoo", "makeRobin");
    expect(host.call("zoo", "nameOf", robin)).toBe("robin");
    expect(host.call("zoo", "wingsOf", robin)).toBe(2);
    expect(host.call("zoo", "nameOf", host.call("zoo", "makeRobin"))).toBe("robin");
    const asAnimal = host.own(robin.ptr, "Animal");
    handles.push(asAnimal);
    expect(host.call("zoo", "nameOf", asAnimal)).toBe("robin");
  });

  it("accepts a subclass that no signature names, by the bases its plugin's layout records", () => {
    const parrot = host.own(host.call("zoo", "parrotAddress") as number, "Parrot");
    handles.push(parrot);
    expect(host.call("zoo", "nameOf", parrot)).toBe("parrot");
    expect(host.call("keeper", "nameOf", parrot)).toBe("kept parrot");
  });

  it("accepts a class where an interface it implements is declared", () => {
    expect(host.call("zoo", "labelOf", owned("zoo", "plate"))).toBe("plate");
  });

  it("still refuses an unrelated class, and a base class where its subclass is declared", () => {
    const plate = owned("zoo", "plate");
    const unrelated = failure(() => host.call("zoo", "nameOf", plate));
    expect(unrelated).toBeInstanceOf(PluginCallError);
    expect(unrelated.code).toBe("BAD_ARGUMENT");
    expect(unrelated.message).toBe("argument 1 of zoo.nameOf is Animal: expected Animal, found an owned Plate, which is a Plate of plugin 'zoo'");
    const animal = owned("zoo", "make", 0);
    expect(failure(() => host.call("zoo", "wingsOf", animal)).message).toBe(
      "argument 1 of zoo.wingsOf is Bird: expected Bird, found an owned Animal, which is an Animal of plugin 'zoo'",
    );
    expect(failure(() => host.own(plate.ptr, "Animal")).message).toBe(
      `the value is Animal: expected Animal, found address ${plate.ptr}, which is a Plate of plugin 'zoo'`,
    );
  });
});
