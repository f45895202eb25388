import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempProject, type TempProject } from "../src/testing.js";
import { shared } from "./run-cli.js";

const SHARED = `export class Registry {
  static count: i32 = 0;
  static readonly max: i32 = 3;
}
export let made = 0;
export const LIMIT = 5;
export function bump(): i32 { made++; Registry.count++; return Registry.count + Registry.max + LIMIT; }
`;

describe("mutable globals of a shared file used by several plugins", () => {
  let project: TempProject;
  beforeAll(async () => {
    project = await tempProject(
      {
        "shared.ts": SHARED,
        "a.ts": 'import { bump } from "./shared";\nexport function a(): i32 { return bump(); }\n',
        "b.ts": 'import { bump } from "./shared";\nexport function b(): i32 { return bump(); }\n',
        "c.ts": 'import { LIMIT } from "./shared";\nexport function c(): i32 { return LIMIT; }\n',
      },
      { plugins: { a: { entry: "a.ts" }, b: { entry: "b.ts" }, c: { entry: "c.ts" } } },
    );
  });
  afterAll(() => project.remove());

  // c only reads a constant, but importing the file compiles its globals' initializers too.
  it("are a warning naming each global, where it is declared and the plugins that each have a copy; constants are not", async () => {
    const { warnings } = await project.build();
    expect(warnings).toEqual([
      "shared.ts:2:3: warning: 'shared/Registry.count' is a global of a shared file, and plugins 'a', 'b', 'c' each have their own copy of it; for one copy, keep it in one plugin and export functions that use it",
      "shared.ts:5:12: warning: 'shared/made' is a global of a shared file, and plugins 'a', 'b', 'c' each have their own copy of it; for one copy, keep it in one plugin and export functions that use it",
    ]);
    const host = await project.load();
    expect([host.call("a", "a"), host.call("a", "a"), host.call("b", "b")]).toEqual([9, 10, 9]);
  });

  it("are printed by the CLI, even with --quiet, and listed by --json", async () => {
    const quiet = await shared(["build", "--quiet"], project.dir);
    expect(quiet.code).toBe(0);
    expect(quiet.stderr).toContain("shared.ts:5:12: warning: 'shared/made' is a global of a shared file");
    const json = JSON.parse((await shared(["build", "--json"], project.dir)).stdout);
    expect(json.warnings).toHaveLength(2);
  });
});
