import { cp, mkdir, symlink } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { tempProject } from "../src/testing.js";

// --transform shared-init composed with another real transform from npm: json-as.
const require = createRequire(import.meta.url);
const packageDir = (name: string) => path.dirname(require.resolve(`${name}/package.json`, { paths: [path.dirname(require.resolve("json-as/package.json"))] }));

describe("composition with json-as's transform", () => {
  for (const relocatable of [false, true]) {
    it(`builds a working ${relocatable ? "relocatable" : "linked"} plugin`, async () => {
      const project = await tempProject(
        {},
        {
          plugins: { players: { entry: "players.ts", relocatable } },
          transforms: ["json-as"],
          optimizeLevel: 3,
        },
      );
      try {
        await cp(fileURLToPath(new URL("./relocatable/json-plugin.ts", import.meta.url)), path.join(project.dir, "players.ts"));
        // The plugin imports json-as's AssemblyScript sources (which import xjb-as's), resolved
        // from the project's own node_modules as a user's would be.
        await mkdir(path.join(project.dir, "node_modules"), { recursive: true });
        for (const name of ["json-as", "xjb-as"]) await symlink(packageDir(name), path.join(project.dir, "node_modules", name));
        await project.build();
        const host = await project.load();
        expect(host.call("players", "roundTrip", '{"name":"ada","score":41}')).toBe('{"name":"ada","score":42}');
        for (let i = 0; i < 20; ++i) {
          host.call("players", "roundTrip", `{"name":"p${i}","score":${i}}`);
          host.collect();
        }
        expect(host.call("players", "roundTrip", '{"name":"bob","score":1}')).toBe('{"name":"bob","score":2}');
      } finally {
        await project.remove();
      }
    });
  }
});
