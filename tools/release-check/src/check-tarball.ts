import { builtinModules } from "node:module";
import path from "node:path";
import { checkLinks, type RepositoryLinks } from "./check-links.js";
import { checkSourceMaps } from "./check-source-maps.js";
import type { PackageJson } from "./workspace.js";

/** What the tarball check needs to know besides the tarball itself. */
export interface TarballContext {
  /** The package's directory relative to the repository root (for `repository.directory`). */
  relDir: string;
  /** Files of the package's source directory (relative), to find stale build output. */
  sourceFiles: Set<string>;
  /** The repository's LICENSE, which every package must carry unchanged. */
  license: Uint8Array;
  /** Current version of every workspace package, by name. */
  workspaceVersions: Map<string, string>;
  /** The root package.json's repository, which every package's links must agree with. */
  links: RepositoryLinks;
}

export const LICENSE_ID = "Apache-2.0";

/** Paths that must never ship: tests, fixtures, build leftovers, tooling configuration. */
const FORBIDDEN: [RegExp, string][] = [
  [/(^|\/)(test|tests|__tests__|fixtures|__fixtures__|coverage|node_modules|\.turbo)\//, "a test, fixture or build-tool directory"],
  [/\.(test|spec)\.[cm]?[jt]sx?$/, "a test file"],
  [/\.map$/, "a source map"],
  [/\.tsbuildinfo$/, "a TypeScript build-info file"],
  [/^vitest\.config\.[cm]?[jt]s$/, "the vitest configuration"],
  [/^tsconfig(\.[\w-]+)?\.json$/, "the package's own tsconfig"],
];

const CODE = /\.(m?js|cjs|d\.ts|d\.mts)$/;

interface ExportEntry {
  subpath: string;
  conditions: string[];
  target: string;
}

function walkExports(value: unknown, subpath: string, conditions: string[], out: ExportEntry[], order: string[][]): void {
  if (typeof value === "string") {
    out.push({ subpath, conditions, target: value });
  } else if (Array.isArray(value)) {
    for (const item of value) walkExports(item, subpath, conditions, out, order);
  } else if (value && typeof value === "object") {
    const keys = Object.keys(value);
    if (keys.length > 0 && keys.every((k) => k.startsWith("."))) {
      for (const key of keys) walkExports((value as Record<string, unknown>)[key], key, [], out, order);
    } else {
      order.push(keys);
      for (const key of keys) walkExports((value as Record<string, unknown>)[key], subpath, [...conditions, key], out, order);
    }
  }
}

/** Every module specifier a JS or declaration file names (static, dynamic, re-export, require). */
export function specifiers(source: string): string[] {
  const found = new Set<string>();
  // Statements start a line in compiled output; the specifier excludes template text such as
  // the `export '${name}'` of an error message.
  const patterns = [
    /^\s*(?:import|export)\s+(?:type\s+)?(?:[\w*${}\s,]+?\s+from\s+)?["']([^"'\s${}]+)["']/gm,
    /\bimport\s*\(\s*["']([^"'\s${}]+)["']\s*\)/g,
    /\brequire\s*\(\s*["']([^"'\s${}]+)["']\s*\)/g,
  ];
  for (const pattern of patterns) for (const match of source.matchAll(pattern)) found.add(match[1]);
  return [...found];
}

function packageName(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}

function globToRegExp(pattern: string): RegExp {
  return new RegExp(
    "^" +
      pattern
        .split("*")
        .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
        .join(".*") +
      "$",
  );
}

const equalBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

/** What every check below reads: the tarball's files and its parsed package.json. */
interface Packed {
  files: Map<string, Uint8Array>;
  pkg: PackageJson;
  context: TarballContext;
  has(path: string): boolean;
  textOf(path: string): string;
}

/**
 * Checks a packed package. Returns the problems found, each naming the file or field and
 * what was expected; an empty list means the tarball is fit to publish.
 */
export function checkTarball(files: Map<string, Uint8Array>, context: TarballContext): string[] {
  const rawManifest = files.get("package.json");
  if (!rawManifest) return ["package.json is not in the tarball"];
  const packed: Packed = {
    files,
    context,
    pkg: JSON.parse(new TextDecoder().decode(rawManifest)) as PackageJson,
    has: (p) => files.has(p),
    textOf: (p) => new TextDecoder().decode(files.get(p)),
  };
  const checks = [checkFields, checkShippedFiles, checkExports, checkBins, checkFilesEntries, checkImports, checkStaleOutput, checkInternalVersions];
  return [...checks.flatMap((check) => check(packed)), ...checkSourceMaps(files)];
}

/** Fields a registry page and a user's package manager rely on. */
function checkFields({ pkg, context }: Packed): string[] {
  const problems: string[] = [];
  if (pkg.private) problems.push("package.json: private is true, so npm refuses to publish it");
  if (!pkg.description) problems.push("package.json: description is missing");
  if (pkg.license !== LICENSE_ID) problems.push(`package.json: license is ${JSON.stringify(pkg.license)}, expected "${LICENSE_ID}"`);
  problems.push(...checkLinks(pkg, context.relDir, context.links));
  if (!pkg.engines?.node) problems.push("package.json: engines.node is missing");
  return problems;
}

/** Files every package carries, and nothing that is not meant for users. */
function checkShippedFiles({ files, context, has }: Packed): string[] {
  const problems: string[] = [];
  if (!has("README.md")) problems.push("README.md is not in the tarball");
  const license = files.get("LICENSE");
  if (!license) problems.push("LICENSE is not in the tarball");
  else if (!equalBytes(license, context.license)) problems.push("LICENSE differs from the repository's LICENSE");
  if (context.sourceFiles.has("CHANGELOG.md") && !has("CHANGELOG.md")) problems.push("CHANGELOG.md exists but is not in the tarball (add it to files)");
  for (const file of files.keys()) {
    for (const [pattern, what] of FORBIDDEN) if (pattern.test(file)) problems.push(`${file} is ${what}; it must not ship`);
  }
  return problems;
}

/** Every entry point resolves to a shipped file, with types first. */
function checkExports({ files, pkg, has }: Packed): string[] {
  if (pkg.exports === undefined) return ["package.json: exports is missing"];
  const problems: string[] = [];
  const entries: ExportEntry[] = [];
  const orders: string[][] = [];
  walkExports(typeof pkg.exports === "string" ? { ".": pkg.exports } : pkg.exports, ".", [], entries, orders);
  const subpaths = new Set(entries.map((e) => e.subpath));
  if (!subpaths.has("./package.json")) problems.push(`package.json: exports has no "./package.json"`);
  for (const entry of entries) {
    const where = `exports["${entry.subpath}"]${entry.conditions.map((c) => `.${c}`).join("")}`;
    if (!entry.target.startsWith("./")) {
      problems.push(`package.json: ${where} is '${entry.target}', expected a path starting with ./`);
      continue;
    }
    const target = path.posix.normalize(entry.target.slice(2));
    if (target.includes("*")) {
      const re = globToRegExp(target);
      if (![...files.keys()].some((f) => re.test(f))) problems.push(`package.json: ${where} pattern '${entry.target}' matches no file in the tarball`);
    } else if (!has(target)) {
      problems.push(`package.json: ${where} points at '${entry.target}', which is not in the tarball`);
    }
  }
  for (const subpath of subpaths) {
    const forSubpath = entries.filter((e) => e.subpath === subpath);
    if (forSubpath.some((e) => /\.[cm]?js$/.test(e.target)) && !forSubpath.some((e) => e.conditions.includes("types"))) {
      problems.push(`package.json: exports["${subpath}"] has JavaScript but no "types" condition`);
    }
  }
  for (const keys of orders) {
    if (keys.includes("types") && keys[0] !== "types") problems.push(`package.json: exports condition "types" must come first, found ${keys.join(", ")}`);
  }
  return problems;
}

/** `main`, `types` and every bin point at shipped files; bins are node scripts. */
function checkBins({ pkg, has, textOf }: Packed): string[] {
  const problems: string[] = [];
  for (const field of ["main", "types"] as const) {
    const value = pkg[field];
    if (value !== undefined && !has(path.posix.normalize(value))) problems.push(`package.json: ${field} points at '${value}', which is not in the tarball`);
  }
  const bins = typeof pkg.bin === "string" ? { [pkg.name]: pkg.bin } : (pkg.bin ?? {});
  for (const [name, target] of Object.entries(bins)) {
    const file = path.posix.normalize(target);
    // npm publish rewrites such a path ("script name … was invalid and removed") and warns.
    if (file !== target) problems.push(`package.json: bin "${name}" is '${target}'; write it as '${file}', the form npm publish normalizes it to`);
    if (!has(file)) problems.push(`package.json: bin "${name}" points at '${target}', which is not in the tarball`);
    else if (!textOf(file).startsWith("#!/usr/bin/env node")) problems.push(`${file} (bin "${name}") does not start with #!/usr/bin/env node`);
  }
  return problems;
}

/** Each `files` entry ships something: a misspelled or emptied entry is a silent loss. */
function checkFilesEntries({ files, pkg }: Packed): string[] {
  const problems: string[] = [];
  for (const entry of pkg.files ?? []) {
    if (entry.startsWith("!") || entry === "CHANGELOG.md") continue;
    const prefix = path.posix.normalize(entry).replace(/\/$/, "");
    const re = prefix.includes("*") ? globToRegExp(prefix) : null;
    if (![...files.keys()].some((f) => (re ? re.test(f) : f === prefix || f.startsWith(`${prefix}/`)))) {
      problems.push(`package.json: files entry '${entry}' matches nothing in the tarball`);
    }
  }
  return problems;
}

/** Code: relative imports resolve inside the tarball, bare imports are declared dependencies. */
function checkImports({ files, pkg, has, textOf }: Packed): string[] {
  const problems: string[] = [];
  const declared = new Set([
    pkg.name,
    ...Object.keys(pkg.dependencies ?? {}),
    ...Object.keys(pkg.peerDependencies ?? {}),
    ...Object.keys(pkg.optionalDependencies ?? {}),
  ]);
  const builtins = new Set(builtinModules);
  for (const file of files.keys()) {
    if (!CODE.test(file)) continue;
    const isDeclaration = /\.d\.m?ts$/.test(file);
    for (const spec of specifiers(textOf(file))) {
      if (spec.startsWith(".")) {
        const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(file), spec));
        const candidates = isDeclaration ? [resolved.replace(/\.(m?)js$/, ".d.$1ts"), resolved] : [resolved];
        if (!candidates.some(has)) problems.push(`${file} imports '${spec}', which is not in the tarball`);
      } else if (!spec.startsWith("node:") && !builtins.has(spec) && !builtins.has(packageName(spec))) {
        const name = packageName(spec);
        if (!declared.has(name)) problems.push(`${file} imports '${spec}', but '${name}' is not in dependencies or peerDependencies`);
      }
    }
  }
  return problems;
}

/** Build output without a source: left over in dist/ from a deleted or renamed file. */
function checkStaleOutput({ files, context }: Packed): string[] {
  const problems: string[] = [];
  for (const file of files.keys()) {
    const match = /^dist\/(.+?)(\.d)?\.(m?js|m?ts)$/.exec(file);
    if (!match) continue;
    const stem = `src/${match[1]}`;
    if (![".ts", ".mts", ".tsx", ".js", ".mjs"].some((ext) => context.sourceFiles.has(stem + ext))) {
      problems.push(`${file} has no source in src/ (stale build output: rebuild from a clean dist/)`);
    }
  }
  return problems;
}

/** Internal dependencies name the version the other package is at, so they release together. */
function checkInternalVersions({ pkg, context }: Packed): string[] {
  const problems: string[] = [];
  for (const field of ["dependencies", "peerDependencies", "optionalDependencies"] as const) {
    for (const [name, spec] of Object.entries(pkg[field] ?? {})) {
      const version = context.workspaceVersions.get(name);
      if (version !== undefined && spec.replace(/^[\^~]/, "") !== version) {
        problems.push(`package.json: ${field}["${name}"] is '${spec}', but the workspace package is at ${version}`);
      }
    }
  }
  return problems;
}
