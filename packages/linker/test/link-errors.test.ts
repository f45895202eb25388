import { cp, mkdtemp, readFile, readdir, realpath, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { LinkError, buildProject } from "../src/index.js";

// Link errors pinned by fixtures, in AssemblyScript's style: link-errors/<case>/ holds a project
// (shared-rt.json and its sources) and expected.txt, the `code: message` of the LinkError its
// build throws. UPDATE_FIXTURES=1 npx vitest run test/link-errors.test.ts rewrites expected.txt.
const dir = fileURLToPath(new URL("./link-errors/", import.meta.url));
const update = process.env.UPDATE_FIXTURES === "1";
const EXPECTED = "expected.txt";

/**
 * What may differ between machines and runs: the temporary directory a case is built in, and
 * the runtime's size (the runtime's business, not the linker's; a page count is still exact).
 */
function stable(text: string, projectDirs: string[]): string {
  for (const d of projectDirs) text = text.split(d).join("<project>");
  return text.replace(/\(\d+ bytes below the heap\)/g, "(<n> bytes below the heap)");
}

async function linkError(name: string): Promise<string> {
  const work = await mkdtemp(path.join(tmpdir(), "shared-rt-link-error-"));
  try {
    await cp(path.join(dir, name), work, { recursive: true, filter: (src) => path.basename(src) !== EXPECTED });
    const error = await buildProject(path.join(work, "shared-rt.json")).then(
      () => undefined,
      (e: unknown) => e,
    );
    if (!(error instanceof LinkError))
      throw new Error(`${name}: expected a LinkError, ${error === undefined ? "but the project built" : `got ${String(error)}`}`);
    return stable(`${error.code}: ${error.message}\n`, [work, await realpath(work)]);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

const cases = (await readdir(dir, { withFileTypes: true }))
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

describe("link errors", () => {
  for (const name of cases) {
    it(name, async () => {
      const actual = await linkError(name);
      const expectedFile = path.join(dir, name, EXPECTED);
      if (update) await writeFile(expectedFile, actual);
      const expected = await readFile(expectedFile, "utf8").catch(() => null);
      expect(expected, `no ${EXPECTED} for ${name}: run with UPDATE_FIXTURES=1`).not.toBeNull();
      expect(actual).toBe(expected);
    });
  }
});
