/** Validation of one entry of a project file's `plugins`, every problem collected. */
import path from "node:path";
import { ENV_NAMESPACE, RUNTIME_NAMESPACE } from "@shared-rt/abi";
import type { ProjectPlugin } from "./project.js";
import { describe, unknownKey, type KeyPath, type ProjectProblems } from "./project-problems.js";

const PLUGIN_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
// "shared-rt" was the runtime's namespace before ABI 3 and stays reserved: a plugin of that
// name would read as the runtime's in every message and manifest.
const RESERVED = new Set([RUNTIME_NAMESPACE, ENV_NAMESPACE, "runtime", "shared-rt"]);
const KNOWN_PLUGIN_KEYS = ["entry", "wasm", "package", "relocatable", "isolated"];
/** An npm package name: `name` or `@scope/name`. */
const PACKAGE_NAME = /^(@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/;
const SOURCES = ["entry", "wasm", "package"];

/** Checks the plugin's name, its keys and its flags; the flags as read (a wrong one as false). */
function checkNameKeysFlags(problems: ProjectProblems, at: KeyPath, name: string, s: Record<string, unknown>): { relocatable: boolean; isolated: boolean } {
  if (!PLUGIN_NAME.test(name)) problems.add(at, "a plugin name must start with a letter or _ and hold only letters, digits, _ . -", true);
  else if (RESERVED.has(name)) problems.add(at, `'${name}' is reserved for the runtime's own imports`, true);
  for (const k of Object.keys(s)) if (!KNOWN_PLUGIN_KEYS.includes(k)) problems.add([...at, k], unknownKey(k, KNOWN_PLUGIN_KEYS), true);
  for (const flag of ["relocatable", "isolated"]) {
    if (s[flag] !== undefined && typeof s[flag] !== "boolean") problems.add([...at, flag], `expected true or false, found ${describe(s[flag])}`);
  }
  if (s.isolated === true && s.relocatable === true) problems.add([...at, "isolated"], "a plugin cannot be both isolated and relocatable");
  return { relocatable: s.relocatable === true, isolated: s.isolated === true };
}

/** Validates one entry of `plugins`; undefined when it has a problem (collected in `problems`). */
export function parsePlugin(problems: ProjectProblems, file: string, name: string, spec: unknown): ProjectPlugin | undefined {
  const at: KeyPath = ["plugins", name];
  const before = problems.list.length;
  if (typeof spec !== "object" || spec === null || Array.isArray(spec)) {
    checkNameKeysFlags(problems, at, name, {});
    problems.add(at, `expected an object with "entry" or "wasm", found ${describe(spec)}`);
    return undefined;
  }
  const s = spec as Record<string, unknown>;
  const flags = checkNameKeysFlags(problems, at, name, s);
  const sources = SOURCES.filter((k) => s[k] !== undefined);
  if (sources.length !== 1) {
    const found = sources.length === 0 ? "none" : sources.map((k) => `"${k}"`).join(" and ");
    problems.add(
      at,
      `expected exactly one of "entry" (a .ts file to compile), "wasm" (a prebuilt relocatable plugin) and "package" (an npm package holding one), found ${found}`,
    );
    return undefined;
  }
  const plugin = pluginFrom(problems, file, at, s, flags);
  return problems.list.length === before ? plugin : undefined;
}

function pluginFrom(
  problems: ProjectProblems,
  file: string,
  at: KeyPath,
  s: Record<string, unknown>,
  flags: { relocatable: boolean; isolated: boolean },
): ProjectPlugin | undefined {
  const name = at[1];
  // A prebuilt plugin is placed at load: it cannot be linked at fixed bases or isolated.
  const prebuilt = (what: string) => {
    if (s.relocatable === false) problems.add([...at, "relocatable"], `${what} is always relocatable`);
    if (s.isolated === true) problems.add([...at, "isolated"], `${what} is relocatable and cannot be isolated`);
  };
  if (s.wasm !== undefined) {
    if (typeof s.wasm !== "string" || !s.wasm.endsWith(".wasm")) problems.add([...at, "wasm"], `expected the path of a .wasm file, found ${describe(s.wasm)}`);
    prebuilt('a prebuilt plugin ("wasm")');
    return { name, wasm: path.resolve(path.dirname(file), String(s.wasm)), ...flags, relocatable: true };
  }
  if (s.package !== undefined) {
    if (typeof s.package !== "string" || !PACKAGE_NAME.test(s.package))
      problems.add([...at, "package"], `expected an npm package name, found ${describe(s.package)}`);
    prebuilt("a plugin from a package");
    return { name, package: String(s.package), ...flags, relocatable: true };
  }
  if (typeof s.entry !== "string" || !s.entry.endsWith(".ts")) {
    problems.add([...at, "entry"], `expected the path of a .ts file, found ${describe(s.entry)}`);
    return undefined;
  }
  return { name, entry: path.resolve(path.dirname(file), s.entry), ...flags };
}
