import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { REPO_ROOT, workspaces } from "./workspace.js";

/**
 * Copies what `npm run version-packages` reads and writes into a fresh directory outside the
 * repository: the root package.json and lock, .changeset/, tools/repo/, and each workspace's
 * package.json and CHANGELOG.md. The working tree's state is what gets copied (a clone would
 * miss uncommitted changesets), and nothing the version step writes can reach the repository.
 */
export function scratchCopy(root = REPO_ROOT): string {
  const dir = mkdtempSync(path.join(tmpdir(), "shared-rt-version-"));
  const copy = (rel: string) => {
    const from = path.join(root, rel);
    if (!existsSync(from)) return;
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    cpSync(from, path.join(dir, rel), { recursive: true });
  };
  for (const rel of ["package.json", "package-lock.json", ".changeset", "tools/repo"]) copy(rel);
  for (const w of workspaces(root)) {
    copy(`${w.relDir}/package.json`);
    copy(`${w.relDir}/CHANGELOG.md`);
  }
  return dir;
}

/** The pending changeset files of a .changeset directory (its README is not one). */
export function pendingChangesets(dir: string): string[] {
  return readdirSync(path.join(dir, ".changeset")).filter((f) => f.endsWith(".md") && f !== "README.md");
}
