#!/usr/bin/env node
// Error codes are part of each package's public contract (users `switch` on them), so every
// code a package can throw must be in one of its typed code lists and be documented in its
// README's "## Errors" section. Run by `npm run check`; each package's own error-codes test
// checks its README order and classes in more detail. This one reads every package the same
// way, so a code added anywhere (a new error class included) is caught before it ships.
//
// A package's code lists are `export const X_ERROR_CODES = [ "A", … ] as const` and
// `export type XErrorCode = | "A" | …;` in its src/. A thrown code is the first argument of
// `new SomethingError("A"`, `hostError("A"`, a conversion site's `fail("A"`, or a `code: "A"`
// property, in any non-test source file.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));

const CODE = "[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*";
const LIST_CONST = /export const \w+_ERROR_CODES\b[^=]*=\s*\[([^\]]*)\]/g;
const LIST_TYPE = /export type \w+ErrorCode\s*=\s*((?:\s*\|?\s*"[^"]*")+)\s*;/g;
const THROWN = [
  new RegExp(`new \\w*(?:Error|Abort|Override|Failure)\\(\\s*"(${CODE})"`, "g"),
  new RegExp(`\\b(?:hostError|fail)\\(\\s*"(${CODE})"`, "g"),
  new RegExp(`\\bcode:\\s*"(${CODE})"`, "g"),
];

function* sourceFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(full);
    else if (/\.m?ts$/.test(entry.name) && !/\.(test|spec)\.m?ts$/.test(entry.name) && !entry.name.endsWith(".d.ts")) yield full;
  }
}

const literals = (text) => [...text.matchAll(/"([^"]*)"/g)].map((m) => m[1]);

/** Codes in the README's "## Errors" section: every backticked UPPER_CASE word. */
function documentedCodes(readme) {
  const section = readme.split(/^## /m).find((s) => s.startsWith("Errors\n"));
  return section === undefined ? null : new Set([...section.matchAll(new RegExp(`\`(${CODE})\``, "g"))].map((m) => m[1]));
}

/** The problems of one package; an empty list when its codes are listed, thrown and documented. */
export function checkPackage(dir) {
  const rel = path.relative(root, dir);
  const listed = new Set();
  const thrown = new Map();
  const mentioned = new Set();
  const srcDir = path.join(dir, "src");
  if (!statSync(srcDir, { throwIfNoEntry: false })) return [];
  for (const file of sourceFiles(srcDir)) {
    const text = readFileSync(file, "utf8");
    const lists = [...text.matchAll(LIST_CONST), ...text.matchAll(LIST_TYPE)];
    for (const list of lists) for (const code of literals(list[1])) listed.add(code);
    // A code named anywhere outside the lists counts as used (a conditional, a comparison).
    let rest = text;
    for (const list of lists) rest = rest.replace(list[0], "");
    for (const code of literals(rest)) mentioned.add(code);
    for (const pattern of THROWN) {
      for (const match of text.matchAll(pattern)) {
        if (!thrown.has(match[1])) thrown.set(match[1], path.relative(root, file));
      }
    }
  }
  const problems = [];
  for (const [code, file] of thrown) {
    if (!listed.has(code)) problems.push(`${file} throws '${code}', which is in none of ${rel}'s error code lists (add it to the list of its class)`);
  }
  if (listed.size === 0) return problems;
  const readmePath = path.join(dir, "README.md");
  const documented = documentedCodes(statSync(readmePath, { throwIfNoEntry: false }) ? readFileSync(readmePath, "utf8") : "");
  if (documented === null) return [...problems, `${rel}/README.md has no "## Errors" section, but ${rel} has error codes`];
  for (const code of listed) {
    if (!documented.has(code)) problems.push(`${rel}: error code '${code}' is not documented in README.md's "## Errors" section`);
    if (!mentioned.has(code)) problems.push(`${rel}: error code '${code}' is listed but nothing in src/ throws it`);
  }
  return problems;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const packages = path.join(root, "packages");
  const problems = readdirSync(packages)
    .sort()
    .flatMap((name) => checkPackage(path.join(packages, name)));
  if (problems.length) {
    process.stderr.write(`check-error-codes: ${problems.length} problem(s)\n  ${problems.join("\n  ")}\n`);
    process.exit(1);
  }
  process.stdout.write("check-error-codes: ok\n");
}
