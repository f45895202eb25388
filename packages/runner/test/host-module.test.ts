import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importHostModule } from "../src/node.js";

describe("importHostModule", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "shared-rt-host-module-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("names a missing host module, one that throws and one without a default export", async () => {
    const missing = path.join(dir, "missing.mjs");
    await expect(importHostModule(missing)).rejects.toMatchObject({ code: "BAD_HOST_MODULE", message: `the host module '${missing}' does not exist` });
    const throwing = path.join(dir, "throwing.mjs");
    await writeFile(throwing, "throw new Error('no config');\n");
    await expect(importHostModule(throwing)).rejects.toMatchObject({
      code: "BAD_HOST_MODULE",
      message: `the host module '${throwing}' cannot be imported: no config`,
    });
    const importsMissing = path.join(dir, "imports-missing.mjs");
    await writeFile(importsMissing, "import './gone.mjs';\nexport default {};\n");
    await expect(importHostModule(importsMissing)).rejects.toMatchObject({
      message: expect.stringMatching(new RegExp(`^the host module '${importsMissing}' cannot be imported: Cannot find module .*gone\\.mjs`)),
    });
    const bare = path.join(dir, "bare.mjs");
    await writeFile(bare, "export const x = 1;\n");
    await expect(importHostModule(bare)).rejects.toMatchObject({ code: "BAD_HOST_MODULE", message: expect.stringMatching(/must export by default/) });
  });
});
