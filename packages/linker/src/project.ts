import { readFile } from "node:fs/promises";
import path from "node:path";
import { COLLECTORS, MAX_THREADS, type Collector } from "@shared-rt/abi";
import { LinkError } from "./errors.js";
import { JsonSyntaxError, parseJson, type ParsedJson } from "./json-position.js";
import { parsePlugin } from "./project-plugin.js";
import { describe, ProjectProblems, unknownKey, type KeyPath } from "./project-problems.js";
import { didYouMean } from "./suggest.js";
import { resolvePluginPackages } from "./resolve-plugin-package.js";

/** Name of the project file. */
export const PROJECT_FILE = "shared-rt.json";

/** `to` relative to the directory `from`, with / separators, as manifests, caches and diagnostics spell it. */
export function relativePath(from: string, to: string): string {
  return path.relative(from, to).split(path.sep).join("/");
}

/** A validated `shared-rt.json`, with paths made absolute. */
export interface Project {
  file: string;
  dir: string;
  plugins: ProjectPlugin[];
  outDir: string;
  collector: Collector;
  host?: string;
  optimizeLevel: number;
  shrinkLevel: number;
  /** Bytes of the shared shadow stack. */
  stackSize?: number;
  /** Upper bound of the memory in 64 KiB pages. */
  maximumMemory?: number;
  /** Workers the project may run on (a threaded runtime; the runner's `loadThreaded`). */
  threads?: number;
  /** Further asc transforms every plugin is compiled with (package names or paths), besides shared-init. */
  transforms: string[];
  /**
   * Host imports (`"module.name"`) whose functions may return a Promise that the plugin waits
   * for straight-line in a call started with `host.callAsync` (JSPI); the manifest marks them.
   */
  async?: string[];
  /**
   * Host imports (`"module.name"`) whose functions may block or run long: on a threaded host the
   * worker calling one counts as parked while it runs, so collections on other workers go on.
   */
  blocking?: string[];
}

export interface ProjectPlugin {
  name: string;
  /** The entry file it is compiled from; absent for a prebuilt plugin. */
  entry?: string;
  /** The prebuilt relocatable .wasm it is read from instead of compiled (`"wasm"`); such a plugin is always relocatable. */
  wasm?: string;
  /** The npm package it comes from (`"package"`), resolved from node_modules to its `wasm` (resolve-plugin-package.ts). */
  package?: string;
  /** Built without fixed addresses, placed by the host at load (and loadable into a running host). */
  relocatable: boolean;
  /** Loaded by the host with a memory, table and runtime of its own. */
  isolated: boolean;
}

const KNOWN_KEYS = [
  "$schema",
  "plugins",
  "outDir",
  "collector",
  "host",
  "optimizeLevel",
  "shrinkLevel",
  "stackSize",
  "maximumMemory",
  "transforms",
  "async",
  "threads",
  "blocking",
];

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** An integer option in [min, max], or undefined (and a problem) when it is not one. */
function integer(problems: ProjectProblems, key: string, value: unknown, min: number, max: number): number | undefined {
  if (typeof value === "number" && Number.isInteger(value) && value >= min && value <= max) return value;
  problems.add([key], `expected an integer from ${min} to ${max}, found ${describe(value)}`);
  return undefined;
}

/** The project's collector, with a "did you mean" for a misspelled one. */
function collectorOf(problems: ProjectProblems, value: unknown): Collector {
  if (value === undefined) return "incremental";
  if (COLLECTORS.includes(value as Collector)) return value as Collector;
  const suggestion = typeof value === "string" ? didYouMean(value, COLLECTORS) : "";
  problems.add(["collector"], `expected one of ${COLLECTORS.map((c) => `"${c}"`).join(", ")}, found ${describe(value)}${suggestion}`);
  return "incremental";
}

/** The plugins by name, each checked; every problem is collected. */
function pluginsOf(problems: ProjectProblems, file: string, value: unknown): ProjectPlugin[] {
  const at: KeyPath = ["plugins"];
  if (!isObject(value)) {
    problems.add(at, `expected an object of plugins by name, found ${describe(value)}`);
    return [];
  }
  const plugins = Object.entries(value).map(([name, spec]) => parsePlugin(problems, file, name, spec));
  if (plugins.length === 0) problems.add(at, "expected at least one plugin");
  return plugins.filter((p) => p !== undefined);
}

/**
 * Validates the parsed contents of a project file. Every problem is reported, in one
 * BAD_PROJECT error; `locate` (from the file's text) adds line:column to each.
 */
export function parseProject(file: string, raw: unknown, locate?: ParsedJson["locate"]): Project {
  const problems = new ProjectProblems(file, locate);
  const dir = path.dirname(file);
  if (!isObject(raw)) {
    problems.add([], `expected an object, found ${describe(raw)}`);
    problems.throwIfAny();
  }
  const json = raw as Record<string, unknown>;
  for (const key of Object.keys(json)) if (!KNOWN_KEYS.includes(key)) problems.add([key], unknownKey(key, KNOWN_KEYS), true);
  const plugins = pluginsOf(problems, file, json.plugins);
  const outDir = json.outDir ?? "build";
  if (typeof outDir !== "string" || outDir === "") problems.add(["outDir"], `expected a directory path, found ${describe(outDir)}`);
  const collector = collectorOf(problems, json.collector);
  let host: string | undefined;
  if (json.host !== undefined) {
    if (typeof json.host === "string" && /\.(mjs|js)$/.test(json.host)) host = path.resolve(dir, json.host);
    else problems.add(["host"], `expected the path of a .mjs module, found ${describe(json.host)}`);
  }
  const level = (key: string, max: number, fallback: number) => (json[key] === undefined ? fallback : integer(problems, key, json[key], 0, max));
  const project: Project = {
    file,
    dir,
    plugins,
    outDir: path.resolve(dir, typeof outDir === "string" ? outDir : "build"),
    collector,
    host,
    optimizeLevel: level("optimizeLevel", 3, 3) ?? 3,
    shrinkLevel: level("shrinkLevel", 2, 0) ?? 0,
    transforms: [],
  };
  if (json.transforms !== undefined) {
    if (Array.isArray(json.transforms) && json.transforms.every((t) => typeof t === "string" && t.length > 0)) project.transforms = json.transforms as string[];
    else problems.add(["transforms"], `expected an array of transform package names or paths, found ${describe(json.transforms)}`);
  }
  if (json.async !== undefined) {
    if (Array.isArray(json.async) && json.async.every((name) => typeof name === "string" && /^[^.]+\.[^.]+$/.test(name)))
      project.async = json.async as string[];
    else problems.add(["async"], `expected an array of host imports as "module.name" (e.g. "host.readText"), found ${describe(json.async)}`);
  }
  if (json.blocking !== undefined) {
    if (Array.isArray(json.blocking) && json.blocking.every((name) => typeof name === "string" && /^[^.]+\.[^.]+$/.test(name)))
      project.blocking = json.blocking as string[];
    else problems.add(["blocking"], `expected an array of host imports as "module.name" (e.g. "host.waitFor"), found ${describe(json.blocking)}`);
  }
  if (json.stackSize !== undefined) project.stackSize = integer(problems, "stackSize", json.stackSize, 1024, 1 << 26);
  if (json.maximumMemory !== undefined) project.maximumMemory = integer(problems, "maximumMemory", json.maximumMemory, 1, 65536);
  if (json.threads !== undefined) {
    // Either collector: with "minimal", collections run only when every worker is between calls.
    project.threads = integer(problems, "threads", json.threads, 1, MAX_THREADS);
  }
  problems.throwIfAny();
  return project;
}

/** Reads and validates a project file. */
export async function readProject(file: string): Promise<Project> {
  const full = path.resolve(file);
  let text: string;
  try {
    text = await readFile(full, "utf8");
  } catch (error) {
    throw new LinkError(
      "NO_PROJECT",
      `cannot read the project file '${full}': ${(error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message}`,
      { cause: error },
    );
  }
  let parsed: ParsedJson;
  try {
    parsed = parseJson(text);
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    const { line, column } = error.location;
    throw new LinkError("BAD_PROJECT", `${full}:${line}:${column}: not valid JSON: ${error.reason}\n${error.excerpt}`, {
      cause: error,
      problems: [{ path: "(root)", message: `not valid JSON: ${error.reason}`, line, column }],
    });
  }
  return resolvePluginPackages(parseProject(full, parsed.value, parsed.locate));
}
