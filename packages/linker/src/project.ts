import { readFile } from "node:fs/promises";
import path from "node:path";
import { COLLECTORS, ENV_NAMESPACE, RUNTIME_NAMESPACE, type Collector } from "@shared-rt/abi";
import { LinkError } from "./errors.js";
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
  /** Further asc transforms every plugin is compiled with (package names or paths), besides shared-init. */
  transforms: string[];
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

const PLUGIN_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
const RESERVED = new Set([RUNTIME_NAMESPACE, ENV_NAMESPACE, "runtime"]);
const KNOWN_KEYS = new Set(["$schema", "plugins", "outDir", "collector", "host", "optimizeLevel", "shrinkLevel", "stackSize", "maximumMemory", "transforms"]);
const KNOWN_PLUGIN_KEYS = new Set(["entry", "wasm", "package", "relocatable", "isolated"]);
/** An npm package name: `name` or `@scope/name`. */
const PACKAGE_NAME = /^(@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/;

function fail(file: string, key: string, message: string): never {
  throw new LinkError("BAD_PROJECT", `${file}: ${key}: ${message}`);
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") return JSON.stringify(value);
  return typeof value === "object" ? "an object" : `${typeof value} ${String(value)}`;
}

function integer(file: string, key: string, value: unknown, min: number, max: number): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    fail(file, key, `expected an integer from ${min} to ${max}, found ${describe(value)}`);
  }
  return value;
}

/** Validates one entry of `plugins`. */
function parsePlugin(file: string, name: string, spec: unknown): ProjectPlugin {
  const key = `plugins.${name}`;
  if (!PLUGIN_NAME.test(name)) fail(file, key, "a plugin name must start with a letter or _ and hold only letters, digits, _ . -");
  if (RESERVED.has(name)) fail(file, key, `'${name}' is reserved for the runtime's own imports`);
  if (typeof spec !== "object" || spec === null || Array.isArray(spec)) fail(file, key, `expected an object with "entry" or "wasm", found ${describe(spec)}`);
  const s = spec as Record<string, unknown>;
  for (const k of Object.keys(s)) if (!KNOWN_PLUGIN_KEYS.has(k)) fail(file, `${key}.${k}`, `unknown key; known keys are ${[...KNOWN_PLUGIN_KEYS].join(", ")}`);
  if (s.relocatable !== undefined && typeof s.relocatable !== "boolean")
    fail(file, `${key}.relocatable`, `expected true or false, found ${describe(s.relocatable)}`);
  if (s.isolated !== undefined && typeof s.isolated !== "boolean") fail(file, `${key}.isolated`, `expected true or false, found ${describe(s.isolated)}`);
  if (s.isolated === true && s.relocatable === true) fail(file, `${key}.isolated`, "a plugin cannot be both isolated and relocatable");
  const flags = { relocatable: s.relocatable === true, isolated: s.isolated === true };
  const sources = ["entry", "wasm", "package"].filter((k) => s[k] !== undefined);
  if (sources.length !== 1) {
    const found = sources.length === 0 ? "none" : sources.map((k) => `"${k}"`).join(" and ");
    fail(
      file,
      key,
      `expected exactly one of "entry" (a .ts file to compile), "wasm" (a prebuilt relocatable plugin) and "package" (an npm package holding one), found ${found}`,
    );
  }
  if (s.wasm !== undefined) return { name, wasm: prebuiltPath(file, key, s), ...flags, relocatable: true };
  if (s.package !== undefined) {
    if (typeof s.package !== "string" || !PACKAGE_NAME.test(s.package))
      fail(file, `${key}.package`, `expected an npm package name, found ${describe(s.package)}`);
    if (s.relocatable === false) fail(file, `${key}.relocatable`, "a plugin from a package is always relocatable");
    if (s.isolated === true) fail(file, `${key}.isolated`, "a plugin from a package is relocatable and cannot be isolated");
    return { name, package: s.package, ...flags, relocatable: true };
  }
  if (typeof s.entry !== "string" || !s.entry.endsWith(".ts")) fail(file, `${key}.entry`, `expected the path of a .ts file, found ${describe(s.entry)}`);
  return { name, entry: path.resolve(path.dirname(file), s.entry), ...flags };
}

/** The absolute path of a prebuilt plugin, which is placed at load: it cannot be linked at fixed bases or isolated. */
function prebuiltPath(file: string, key: string, s: Record<string, unknown>): string {
  if (typeof s.wasm !== "string" || !s.wasm.endsWith(".wasm")) fail(file, `${key}.wasm`, `expected the path of a .wasm file, found ${describe(s.wasm)}`);
  if (s.relocatable === false) fail(file, `${key}.relocatable`, 'a prebuilt plugin ("wasm") is always relocatable');
  if (s.isolated === true) fail(file, `${key}.isolated`, 'a prebuilt plugin ("wasm") is relocatable and cannot be isolated');
  return path.resolve(path.dirname(file), s.wasm);
}

/** Validates the parsed contents of a project file. */
export function parseProject(file: string, raw: unknown): Project {
  const dir = path.dirname(file);
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) fail(file, "(root)", `expected an object, found ${describe(raw)}`);
  const json = raw as Record<string, unknown>;
  for (const key of Object.keys(json)) {
    if (!KNOWN_KEYS.has(key)) fail(file, key, `unknown key; known keys are ${[...KNOWN_KEYS].filter((k) => k !== "$schema").join(", ")}`);
  }
  const pluginsRaw = json.plugins;
  if (typeof pluginsRaw !== "object" || pluginsRaw === null || Array.isArray(pluginsRaw)) {
    fail(file, "plugins", `expected an object of plugins by name, found ${describe(pluginsRaw)}`);
  }
  const plugins = Object.entries(pluginsRaw as Record<string, unknown>).map(([name, spec]) => parsePlugin(file, name, spec));
  if (plugins.length === 0) fail(file, "plugins", "expected at least one plugin");

  const outDir = json.outDir ?? "build";
  if (typeof outDir !== "string" || outDir === "") fail(file, "outDir", `expected a directory path, found ${describe(outDir)}`);
  const collector = json.collector ?? "incremental";
  if (!COLLECTORS.includes(collector as Collector))
    fail(file, "collector", `expected one of ${COLLECTORS.map((c) => `"${c}"`).join(", ")}, found ${describe(collector)}`);
  let host: string | undefined;
  if (json.host !== undefined) {
    if (typeof json.host !== "string" || !/\.(mjs|js)$/.test(json.host)) fail(file, "host", `expected the path of a .mjs module, found ${describe(json.host)}`);
    host = path.resolve(dir, json.host);
  }
  const project: Project = {
    file,
    dir,
    plugins,
    outDir: path.resolve(dir, outDir),
    collector: collector as Collector,
    host,
    optimizeLevel: json.optimizeLevel === undefined ? 3 : integer(file, "optimizeLevel", json.optimizeLevel, 0, 3),
    shrinkLevel: json.shrinkLevel === undefined ? 0 : integer(file, "shrinkLevel", json.shrinkLevel, 0, 2),
    transforms: [],
  };
  if (json.transforms !== undefined) {
    if (!Array.isArray(json.transforms) || !json.transforms.every((t) => typeof t === "string" && t.length > 0)) {
      fail(file, "transforms", `expected an array of transform package names or paths, found ${describe(json.transforms)}`);
    }
    project.transforms = json.transforms as string[];
  }
  if (json.stackSize !== undefined) project.stackSize = integer(file, "stackSize", json.stackSize, 1024, 1 << 26);
  if (json.maximumMemory !== undefined) project.maximumMemory = integer(file, "maximumMemory", json.maximumMemory, 1, 65536);
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
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new LinkError("BAD_PROJECT", `${full}: not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  return resolvePluginPackages(parseProject(full, raw));
}
