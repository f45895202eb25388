import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { pendingChangesets, scratchCopy } from "../src/scratch-copy.js";
import { describeFailure, NPM, run, userEnv } from "../src/run-command.js";
import { readJson, REPO_ROOT, workspaces, type PackageJson, type Workspace } from "../src/workspace.js";

type Bump = "major" | "minor" | "patch";
const RANK: Record<Bump, number> = { patch: 0, minor: 1, major: 2 };

function bump(version: string, kind: Bump): string {
  const [major, minor, patch] = version.split(".").map(Number);
  if (kind === "major") return `${major + 1}.0.0`;
  if (kind === "minor") return `${major}.${minor + 1}.0`;
  return `${major}.${minor}.${patch + 1}`;
}

/** The releases a changeset file asks for: its front matter of `"name": bump` lines. */
function parseChangeset(text: string): { releases: Map<string, Bump>; summary: string } {
  const match = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text);
  if (!match) throw new Error(`not a changeset:\n${text}`);
  const releases = new Map<string, Bump>();
  for (const line of match[1].split("\n").filter((l) => l.trim())) {
    const entry = /^\s*["']?([^"':]+)["']?\s*:\s*(major|minor|patch)\s*$/.exec(line);
    if (!entry) throw new Error(`unreadable changeset line '${line}'`);
    releases.set(entry[1], entry[2] as Bump);
  }
  return { releases, summary: match[2].trim() };
}

const INTERNAL_FIELDS = ["dependencies", "devDependencies", "peerDependencies", "optionalDependencies"] as const;

/**
 * What `changeset version` must do to the published packages, by this repository's policy:
 * each named package takes its highest requested bump; a package whose internal dependency
 * moved (every internal dependency is pinned exactly) takes at least a patch; private
 * packages are never versioned.
 */
function expectedVersions(before: Workspace[], requested: Map<string, Bump>): Map<string, string> {
  const published = before.filter((w) => !w.manifest.private);
  const kinds = new Map<string, Bump>(requested);
  for (let changed = true; changed; ) {
    changed = false;
    for (const w of published) {
      if (kinds.has(w.manifest.name)) continue;
      const deps = [w.manifest.dependencies, w.manifest.peerDependencies, w.manifest.optionalDependencies].flatMap((d) => Object.keys(d ?? {}));
      if (deps.some((d) => kinds.has(d))) {
        kinds.set(w.manifest.name, "patch");
        changed = true;
      }
    }
  }
  return new Map(
    before.map((w) => [
      w.manifest.name,
      w.manifest.private || !kinds.has(w.manifest.name) ? w.manifest.version : bump(w.manifest.version, kinds.get(w.manifest.name)!),
    ]),
  );
}

/** `npm run version-packages` as a maintainer runs it, with the repository's changesets CLI on PATH. */
async function versionPackages(dir: string) {
  const bin = path.join(REPO_ROOT, "node_modules", ".bin");
  const env = userEnv();
  env.PATH = [bin, env.PATH].join(path.delimiter);
  const result = await run(NPM, ["run", "version-packages"], { cwd: dir, env });
  if (result.code !== 0) throw new Error(describeFailure(`npm run version-packages in ${dir}`, result));
}

interface Snapshot {
  workspaces: Workspace[];
  changelogs: Map<string, string>;
}

function snapshot(dir: string): Snapshot {
  const list = workspaces(dir);
  return { workspaces: list, changelogs: new Map(list.map((w) => [w.relDir, readOrEmpty(path.join(w.dir, "CHANGELOG.md"))])) };
}

/** Requested bumps and summaries by package, from the pending changesets of `dir`. */
function readPending(dir: string): { requested: Map<string, Bump>; summaries: Map<string, string[]> } {
  const requested = new Map<string, Bump>();
  const summaries = new Map<string, string[]>();
  for (const file of pendingChangesets(dir)) {
    const { releases, summary } = parseChangeset(readFileSync(path.join(dir, ".changeset", file), "utf8"));
    for (const [name, kind] of releases) {
      if (!requested.has(name) || RANK[kind] > RANK[requested.get(name)!]) requested.set(name, kind);
      summaries.set(name, [...(summaries.get(name) ?? []), summary]);
    }
  }
  return { requested, summaries };
}

function checkVersioned(dir: string, snap: Snapshot, requested: Map<string, Bump>, summaries: Map<string, string[]>): void {
  const before = snap.workspaces;
  const after = workspaces(dir);
  const expected = expectedVersions(before, requested);
  const versions = new Map(after.map((w) => [w.manifest.name, w.manifest.version]));
  expect(Object.fromEntries(versions)).toEqual(Object.fromEntries(expected));
  expect(pendingChangesets(dir)).toEqual([]);

  // Internal dependencies move together, in every workspace, private ones included: a
  // private app left on an old exact version would make npm fetch it from the registry.
  for (const w of after) {
    for (const field of INTERNAL_FIELDS) {
      for (const [name, spec] of Object.entries(w.manifest[field] ?? {})) {
        if (versions.has(name)) expect(spec, `${w.relDir} ${field}.${name}`).toBe(versions.get(name));
      }
    }
  }

  // Changelogs: one per bumped package, headed by its new version, with the changes.
  for (const w of after) {
    const old = before.find((b) => b.relDir === w.relDir)!;
    const text = readOrEmpty(path.join(w.dir, "CHANGELOG.md"));
    if (old.manifest.version === w.manifest.version) {
      expect(text, `${w.relDir}/CHANGELOG.md changed without a version bump`).toBe(snap.changelogs.get(w.relDir));
      continue;
    }
    expect(text.startsWith(`# ${w.manifest.name}\n\n## ${w.manifest.version}\n`), `${w.relDir}/CHANGELOG.md starts with\n${text.slice(0, 200)}`).toBe(true);
    const newest = text.split(/\n## /)[1];
    if (requested.has(w.manifest.name)) {
      for (const summary of summaries.get(w.manifest.name) ?? []) {
        expect(newest, `${w.relDir}/CHANGELOG.md lacks a changeset's summary`).toContain(summary.split("\n")[0]);
      }
    } else {
      expect(newest).toMatch(/Updated dependencies/);
    }
  }

  // The lock follows, so `npm ci` installs the new versions without rewriting it.
  const lock = readJson<{ packages: Record<string, PackageJson> }>(path.join(dir, "package-lock.json"));
  for (const w of after) {
    const entry = lock.packages[w.relDir];
    expect(entry?.version, `package-lock.json packages["${w.relDir}"].version`).toBe(w.manifest.version);
    for (const field of INTERNAL_FIELDS) {
      for (const [name, spec] of Object.entries(w.manifest[field] ?? {})) {
        if (versions.has(name)) expect(entry[field]?.[name], `package-lock.json packages["${w.relDir}"].${field}.${name}`).toBe(spec);
      }
    }
  }
}

function readOrEmpty(file: string): string {
  return existsSync(file) ? readFileSync(file, "utf8") : "";
}

describe("the changesets flow, in a scratch copy of the repository", () => {
  let scratch: string | undefined;
  afterEach(() => {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
    scratch = undefined;
  });

  it("has pending changesets that name only published packages", () => {
    const published = new Set(
      workspaces()
        .filter((w) => !w.manifest.private)
        .map((w) => w.manifest.name),
    );
    for (const file of pendingChangesets(REPO_ROOT)) {
      const { releases, summary } = parseChangeset(readFileSync(path.join(REPO_ROOT, ".changeset", file), "utf8"));
      expect(summary, `.changeset/${file} has no summary`).not.toBe("");
      expect(releases.size, `.changeset/${file} names no package`).toBeGreaterThan(0);
      for (const name of releases.keys()) expect(published.has(name), `.changeset/${file} names '${name}', which is not a published package`).toBe(true);
    }
  });

  it("npm run version-packages applies the pending changesets: versions, changelogs, internal dependencies and the lock", async () => {
    scratch = scratchCopy();
    const before = snapshot(scratch);
    const { requested, summaries } = readPending(scratch);
    await versionPackages(scratch);
    checkVersioned(scratch, before, requested, summaries);
  });

  it("a patch to the runtime alone moves every package that depends on it, and leaves the others", async () => {
    scratch = scratchCopy();
    for (const file of pendingChangesets(scratch)) rmSync(path.join(scratch, ".changeset", file));
    const summary = "Fix: the runtime's fix that its dependents must pick up.";
    writeFileSync(path.join(scratch, ".changeset", "runtime-fix.md"), `---\n"@shared-rt/runtime": patch\n---\n\n${summary}\n`);
    const before = snapshot(scratch);
    const { requested, summaries } = readPending(scratch);
    expect(Object.fromEntries(requested)).toEqual({ "@shared-rt/runtime": "patch" });
    await versionPackages(scratch);
    checkVersioned(scratch, before, requested, summaries);

    // The dependency graph as the READMEs describe it, so the policy above is not vacuous.
    const moved = workspaces(scratch).filter((w) => w.manifest.version !== before.workspaces.find((b) => b.relDir === w.relDir)!.manifest.version);
    expect(moved.map((w) => w.manifest.name).sort()).toEqual(expect.arrayContaining(["@shared-rt/linker", "@shared-rt/runtime", "shared-init"]));
  });
});
