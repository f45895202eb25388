import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** Root of the monorepo (this file is tools/release-check/src/workspace.ts). */
export const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));

export interface PackageJson {
  name: string;
  version: string;
  private?: boolean;
  description?: string;
  license?: string;
  repository?: string | { type?: string; url?: string; directory?: string };
  homepage?: string;
  bugs?: string | { url?: string; email?: string };
  engines?: Record<string, string>;
  main?: string;
  types?: string;
  exports?: unknown;
  bin?: string | Record<string, string>;
  files?: string[];
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  workspaces?: string[];
}

export interface Workspace {
  /** Absolute directory. */
  dir: string;
  /** Directory relative to the repository root, with forward slashes. */
  relDir: string;
  manifest: PackageJson;
}

export function readJson<T = PackageJson>(file: string): T {
  return JSON.parse(readFileSync(file, "utf8")) as T;
}

/**
 * Every workspace of the root package.json. Only the `dir/*` glob (`apps/monorepo/*` too) and plain directories
 * (`tests`) are supported, which is all the root uses; anything else is an error rather than a
 * silent miss.
 */
export function workspaces(root = REPO_ROOT): Workspace[] {
  const patterns = readJson(path.join(root, "package.json")).workspaces ?? [];
  const found: Workspace[] = [];
  const add = (relDir: string) => {
    const file = path.join(root, relDir, "package.json");
    if (existsSync(file)) found.push({ dir: path.dirname(file), relDir, manifest: readJson(file) });
  };
  for (const pattern of patterns) {
    if (/^[\w.-]+$/.test(pattern)) {
      add(pattern);
      continue;
    }
    const match = /^([\w.-]+(?:\/[\w.-]+)*)\/\*$/.exec(pattern);
    if (!match) throw new Error(`release-check: unsupported workspace pattern '${pattern}' in package.json (expected 'dir/*' or 'dir')`);
    const parent = path.join(root, match[1]);
    if (!existsSync(parent)) continue;
    for (const entry of readdirSync(parent, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (entry.isDirectory()) add(`${match[1]}/${entry.name}`);
    }
  }
  return found;
}

/** The workspaces that publish: not private. */
export function publishedPackages(root = REPO_ROOT): Workspace[] {
  return workspaces(root).filter((w) => !w.manifest.private);
}

/** Files under `dir` (relative, forward slashes), skipping node_modules, dist and dot-directories. */
export function sourceFiles(dir: string): Set<string> {
  const out = new Set<string>();
  const walk = (rel: string) => {
    for (const entry of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (entry.name === "node_modules" || entry.name === "dist" || entry.name.startsWith(".")) continue;
        walk(child);
      } else {
        out.add(child);
      }
    }
  };
  walk("");
  return out;
}
