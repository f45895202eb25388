import path from "node:path";
import { fileURLToPath } from "node:url";
import { describeFixtureCases, inScratchCopy } from "@shared-rt/fixtures";
import { LinkError, buildProject } from "../src/index.js";

// Link errors pinned by fixtures, in AssemblyScript's style: link-errors/<case>/ holds a project
// (shared-rt.json and its sources) and expected.txt, the `code: message` of the LinkError its
// build throws. UPDATE_FIXTURES=1 npx vitest run test/link-errors.test.ts rewrites expected.txt.
const dir = fileURLToPath(new URL("./link-errors/", import.meta.url));

/** The runtime's size is the runtime's business, not the linker's (a page count is still exact). */
const stableSizes = (text: string) => text.replace(/\(\d+ bytes below the heap\)/g, "(<n> bytes below the heap)");

async function linkError(name: string): Promise<string> {
  return inScratchCopy(path.join(dir, name), [], async (work, stablePaths) => {
    const error = await buildProject(path.join(work, "shared-rt.json")).then(
      () => undefined,
      (e: unknown) => e,
    );
    if (!(error instanceof LinkError))
      throw new Error(`${name}: expected a LinkError, ${error === undefined ? "but the project built" : `got ${String(error)}`}`);
    return stableSizes(stablePaths(`${error.code}: ${error.message}\n`));
  });
}

await describeFixtureCases("link errors", dir, linkError);
