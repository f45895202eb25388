/**
 * The problems of a project file, collected rather than thrown one at a time, so that one
 * BAD_PROJECT error lists them all, each with its key path and (when the file's text is known)
 * its line:column.
 */
import { LinkError, type ProjectProblem } from "./errors.js";
import type { ParsedJson } from "./json-position.js";
import { didYouMean } from "./suggest.js";

export type KeyPath = readonly string[];

/** `plugins.a.entry`, or `(root)`. */
export function spellPath(path: KeyPath): string {
  return path.length === 0 ? "(root)" : path.join(".");
}

/** How a value found in a project file reads in a message. */
export function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") return JSON.stringify(value);
  return typeof value === "object" ? "an object" : `${typeof value} ${String(value)}`;
}

/** `unknown key; known keys are …`, with a "did you mean" when the key is a near miss of one. */
export function unknownKey(key: string, known: string[]): string {
  const suggestion = didYouMean(key, known);
  const list = known.filter((k) => k !== "$schema").join(", ");
  return suggestion ? `unknown key${suggestion} (known keys are ${list})` : `unknown key; known keys are ${list}`;
}

export class ProjectProblems {
  readonly list: ProjectProblem[] = [];

  constructor(
    readonly file: string,
    private readonly locate?: ParsedJson["locate"],
  ) {}

  /** A problem with the value at `path`, or (`key`) with the key naming it (unknown, badly named). */
  add(path: KeyPath, message: string, key = false): void {
    const where = this.locate?.(path, key) ?? this.locate?.(path);
    this.list.push({ path: spellPath(path), message, ...where });
  }

  /** Throws one BAD_PROJECT error listing every problem, if there is any. */
  throwIfAny(): void {
    if (this.list.length === 0) return;
    // In the file's order, as an editor lists them (a stable sort: unplaced ones keep theirs).
    const problems = [...this.list].sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
    throw new LinkError("BAD_PROJECT", formatProblems(this.file, problems), { problems });
  }
}

/**
 * `file:line:col: path: message` for one problem (without line:col when unknown); for several,
 * a count and then one such line each, so that each stays clickable in an editor's terminal.
 */
export function formatProblems(file: string, problems: ProjectProblem[]): string {
  const one = (p: ProjectProblem) => `${file}${p.line === undefined ? "" : `:${p.line}:${p.column}`}: ${p.path}: ${p.message}`;
  if (problems.length === 1) return one(problems[0]);
  return `${file}: ${problems.length} problems\n${problems.map((p) => `  ${one(p)}`).join("\n")}`;
}
