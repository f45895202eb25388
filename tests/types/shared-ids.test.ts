import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildProject } from "@shared-rt/linker";
import { tempProject, type TempProject } from "@shared-rt/linker/testing";
import type { SharedHost } from "@shared-rt/runner";
import { COLLECTORS, FIRST_PLUGIN_CLASS_ID, FIRST_SHARED_CLASS_ID, type Manifest } from "@shared-rt/abi";
import { LATE_PROJECT, PLUGINS, SOURCES } from "./shared-ids-sources.js";

const ARRAY_STRING = "~lib/array/Array<~lib/string/String>";
const MAP = "~lib/map/Map<~lib/string/String,i32>";
const ANIMAL = "shared/animals/Animal";

/** The id a manifest gives class `name` in plugin `plugin`. */
function manifestId(manifest: Manifest, plugin: string, name: string): number | undefined {
  const p = manifest.plugins.find((q) => q.name === plugin)!;
  const k = p.classes.names!.indexOf(name);
  return k < 0 ? undefined : p.classes.ids![k];
}

const idsOf = (host: SharedHost, plugin: string) => [host.call(plugin, "idArrayString"), host.call(plugin, "idMap"), host.call(plugin, "idAnimal")];

for (const collector of COLLECTORS) {
  describe(`one class id per shared class across plugins (${collector})`, () => {
    let project: TempProject;
    let manifest: Manifest;
    let host: SharedHost;
    beforeAll(async () => {
      project = await tempProject(SOURCES, { plugins: PLUGINS, collector, optimizeLevel: 3 });
      ({ manifest } = await project.build());
      host = await project.load();
    });
    afterAll(() => project.remove());

    it("gives Array<string>, Map<string,i32> and a class of a shared file the same id in every plugin", () => {
      const shared = manifest.sharedClasses!;
      const id = (name: string) => shared.base + shared.names.indexOf(name);
      for (const name of [ARRAY_STRING, MAP, ANIMAL]) expect(shared.names).toContain(name);
      const expected = [id(ARRAY_STRING), id(MAP), id(ANIMAL)];
      for (const plugin of ["dogs", "zoo", "cats"]) {
        expect(idsOf(host, plugin), plugin).toEqual(expected);
        expect(manifestId(manifest, plugin, ANIMAL), plugin).toBe(id(ANIMAL));
      }
      expect(expected.every((i) => i >= FIRST_SHARED_CLASS_ID && i < FIRST_PLUGIN_CLASS_ID)).toBe(true);
      // dogs' own directory is private: Puppy has an id of dogs' range.
      const dogs = manifest.plugins.find((p) => p.name === "dogs")!;
      expect(host.call("dogs", "idPuppy")).toBe(dogs.classes.base);
      expect(manifestId(manifest, "dogs", "plugins/dogs/puppy/Puppy")).toBe(dogs.classes.base);
    });

    it("answers instanceof across plugins for a shared class", () => {
      expect(host.call("zoo", "isAnimal")).toBe(true);
      expect(host.call("zoo", "isArrayOfString")).toBe(true);
    });

    it("keeps objects one plugin made and another holds through forced collections", () => {
      const n = 40;
      host.call("zoo", "hold", n);
      for (let round = 0; round < 10; ++round) {
        host.call("zoo", "churn", 30);
        host.collect();
        expect(host.call("zoo", "check", n), `round ${round}`).toBe(0);
      }
    });

    it("allocates host-made objects with the shared id, which any plugin takes", () => {
      // cats registered after dogs: dogs owns the ids, cats receives the host's objects.
      expect(host.call("cats", "tagsId", ["a"])).toBe(host.call("dogs", "idArrayString"));
      expect(host.call("cats", "countsId", new Map([["a", 1]]))).toBe(host.call("dogs", "idMap"));
      expect(host.call("cats", "joinTags", ["a", "b", "c"])).toBe("a,b,c");
      expect(
        host.call(
          "cats",
          "total",
          new Map([
            ["a", 1],
            ["b", 2],
          ]),
        ),
      ).toBe(3);
    });

    it("lets a late relocatable plugin reuse the project's ids and add new ones", async () => {
      await writeFile(path.join(project.dir, "late.json"), JSON.stringify({ ...LATE_PROJECT, collector, optimizeLevel: 3 }));
      await buildProject(path.join(project.dir, "late.json"));
      const bytes = new Uint8Array(await readFile(path.join(project.dir, "build-late", "late.wasm")));
      await host.load("late", bytes);
      try {
        expect(idsOf(host, "late")).toEqual(idsOf(host, "dogs"));
        // Extra is new to the project: the next shared id after the manifest's.
        expect(host.call("late", "idExtra")).toBe(manifest.sharedClasses!.base + manifest.sharedClasses!.names.length);
        host.call("late", "keep", 20);
        host.call("zoo", "churn", 20);
        host.collect();
        expect(host.call("late", "check", 20)).toBe(0);
      } finally {
        host.unload("late");
      }
      host.collect();
      expect(host.call("zoo", "check", 40)).toBe(0);
    });
  });
}

describe("shared class ids in the linker", () => {
  it("refuses a class private to one plugin that another compiles", async () => {
    const zoo = `import { Puppy } from "../dogs/puppy";\nexport function age(): i32 { return new Puppy(3).age; }\n`;
    const project = await tempProject({ ...SOURCES, "plugins/zoo/index.ts": zoo }, { plugins: PLUGINS });
    try {
      await expect(project.build()).rejects.toMatchObject({
        code: "PRIVATE_CLASS_SHARED",
        message:
          "class 'plugins/dogs/puppy/Puppy' is private to plugin 'dogs' (declared in its own files), but plugin 'zoo' compiles it too; move it into a shared file, outside plugin 'dogs''s entry file and directory",
      });
    } finally {
      await project.remove();
    }
  });

  it("refuses a class of one plugin's entry file that another plugin compiles, in a flat layout", async () => {
    // Both entries in one directory: only each entry file is private, and importing the other
    // plugin's entry compiles its classes a second time.
    const files = {
      "plugins/shop.ts": "export class Till { total: i32 = 0; }\nexport function open(): i32 { return new Till().total; }\n",
      "plugins/bank.ts": 'import { Till } from "./shop";\nexport function count(): i32 { return new Till().total + 1; }\n',
    };
    const project = await tempProject(files, { plugins: { shop: { entry: "plugins/shop.ts" }, bank: { entry: "plugins/bank.ts" } } });
    try {
      await expect(project.build()).rejects.toMatchObject({
        code: "PRIVATE_CLASS_SHARED",
        message:
          "class 'plugins/shop/Till' is private to plugin 'shop' (declared in its own files), but plugin 'bank' compiles it too; move it into a shared file, outside plugin 'shop''s entry file and directory",
      });
    } finally {
      await project.remove();
    }
  });

  it("keeps the registry across incremental builds: a plugin adding a shared class recompiles alone", async () => {
    const project = await tempProject(SOURCES, { plugins: PLUGINS });
    try {
      const first = await project.build();
      const cats = `import { Extra } from "../../shared/extra";\n${SOURCES["plugins/cats/index.ts"]}\nexport function idExtra(): i32 { return idof<Extra>(); }\n`;
      await writeFile(path.join(project.dir, "plugins/cats/index.ts"), cats);
      const second = await project.build();
      expect(second.events.filter((e) => e.kind === "plugin").map((e) => [e.name, e.cached])).toEqual([
        ["dogs", true],
        ["zoo", true],
        ["cats", false],
      ]);
      const before = first.manifest.sharedClasses!.names;
      expect(second.manifest.sharedClasses!.names).toEqual([...before, "shared/extra/Extra"]);
      const host = await project.load();
      expect(host.call("cats", "idExtra")).toBe(FIRST_SHARED_CLASS_ID + before.length);
      expect(idsOf(host, "cats")).toEqual(idsOf(host, "dogs"));
    } finally {
      await project.remove();
    }
  });
});
