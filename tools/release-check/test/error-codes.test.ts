import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { checkPackage } from "../../repo/check-error-codes.mjs";
import { publishedPackages, REPO_ROOT } from "../src/workspace.js";

// The error codes a package throws are part of what it publishes: each is in a typed list and
// documented in its README (tools/repo/check-error-codes.mjs, also run by `npm run check`).
describe("error codes of the published packages", () => {
  const scratch: string[] = [];
  afterAll(() => Promise.all(scratch.map((dir) => rm(dir, { recursive: true, force: true }))));

  for (const pkg of publishedPackages()) {
    it(`${pkg.manifest.name}: every thrown code is listed, every listed code documented and thrown`, () => {
      expect(checkPackage(pkg.dir)).toEqual([]);
    });
  }

  it("reports a thrown code in no list, and a listed code undocumented or never thrown", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "shared-rt-codes-"));
    scratch.push(dir);
    await mkdir(path.join(dir, "src"));
    await writeFile(
      path.join(dir, "src/errors.ts"),
      'export const DEMO_ERROR_CODES = [\n  "GOOD",\n  "SILENT",\n  "UNSEEN",\n] as const;\nexport class DemoError extends Error {}\n',
    );
    await writeFile(path.join(dir, "src/use.ts"), 'throw new DemoError(\n  "GOOD", "x");\nthrow new DemoError("STRAY", "y");\nconst e = { code: "SILENT" };\n');
    await writeFile(path.join(dir, "README.md"), "# demo\n\n## Errors\n\n- `GOOD`: fine.\n- `SILENT`: ok.\n");
    const rel = path.relative(REPO_ROOT, dir);
    expect(checkPackage(dir).map((p) => p.replaceAll(rel, "<pkg>"))).toEqual([
      "<pkg>/src/use.ts throws 'STRAY', which is in none of <pkg>'s error code lists (add it to the list of its class)",
      `<pkg>: error code 'UNSEEN' is not documented in README.md's "## Errors" section`,
      "<pkg>: error code 'UNSEEN' is listed but nothing in src/ throws it",
    ]);
  });
});
