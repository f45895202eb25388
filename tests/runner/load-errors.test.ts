import { createHash } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildProject } from "@shared-rt/linker";
import { LoadError, type Manifest } from "@shared-rt/runner";
import { loadManifestFile } from "@shared-rt/runner/node";
import { describeFixtureCases, inScratchCopy } from "@shared-rt/fixtures";

// Load errors pinned by fixtures, like the linker's link errors: load-errors/<case>/ holds a
// project that builds, load.json (what is broken after the build, and how it is loaded), and
// expected.txt, the `code: message` of the LoadError the load throws, then `plugin: <name>` when
// the error names one. UPDATE_FIXTURES=1 npx vitest run runner/load-errors rewrites expected.txt.
const dir = fileURLToPath(new URL("./load-errors/", import.meta.url));
const LOAD = "load.json";

/** load.json: every key optional; a case without one loads its build as built. */
interface LoadCase {
  /** Built files (in the output directory) whose last byte is flipped: no longer the files the manifest hashes. */
  corrupt?: string[];
  /** Built files overwritten by a file of the case, their manifest hash updated: a consistent build of the wrong thing. */
  replace?: Record<string, string>;
  /** Fields set on manifest plugins, by plugin name. */
  manifest?: { plugins?: Record<string, Partial<Manifest["plugins"][number]>> };
  /** The manifest to load, relative to the project, instead of the one the build wrote. */
  manifestPath?: string;
  /** Options for `loadManifestFile`. */
  options?: { isolate?: string[] };
}
const KEYS = new Set(["corrupt", "replace", "manifest", "manifestPath", "options"]);

/** File hashes differ between compilers and machines. */
const stableHashes = (text: string) => text.replace(/sha256-[0-9a-f]{64}/g, "sha256-<hash>");

const sha256 = (bytes: Uint8Array) => `sha256-${createHash("sha256").update(bytes).digest("hex")}`;

/** Applies a case's load.json to a built project; returns the manifest path to load and the load options. */
async function breakBuild(name: string, work: string, manifestPath: string): Promise<{ manifestPath: string; options: LoadCase["options"] }> {
  const spec = JSON.parse(await readFile(path.join(dir, name, LOAD), "utf8").catch(() => "{}")) as LoadCase;
  const unknown = Object.keys(spec).filter((key) => !KEYS.has(key));
  if (unknown.length) throw new Error(`${name}/${LOAD}: unknown key(s) ${unknown.join(", ")}; expected ${[...KEYS].join(", ")}`);
  const out = path.dirname(manifestPath);
  const manifest = JSON.parse(await readFile(manifestPath, "utf8")) as Manifest;
  const plugin = (key: string, find: (p: Manifest["plugins"][number]) => boolean) => {
    const found = manifest.plugins.find(find);
    if (!found) throw new Error(`${name}/${LOAD}: no plugin ${key} in the manifest`);
    return found;
  };
  for (const file of spec.corrupt ?? []) {
    const bytes = await readFile(path.join(out, file));
    bytes[bytes.length - 1] ^= 1;
    await writeFile(path.join(out, file), bytes);
  }
  for (const [file, source] of Object.entries(spec.replace ?? {})) {
    const bytes = await readFile(path.join(dir, name, source));
    await writeFile(path.join(out, file), bytes);
    plugin(`in '${file}'`, (p) => p.file === file).hash = sha256(bytes);
  }
  for (const [pluginName, fields] of Object.entries(spec.manifest?.plugins ?? {}))
    Object.assign(
      plugin(`'${pluginName}'`, (p) => p.name === pluginName),
      fields,
    );
  await writeFile(manifestPath, JSON.stringify(manifest, null, 2));
  return { manifestPath: spec.manifestPath ? path.join(work, spec.manifestPath) : manifestPath, options: spec.options };
}

async function loadError(name: string): Promise<string> {
  return inScratchCopy(path.join(dir, name), [LOAD], async (work, stablePaths) => {
    const built = await buildProject(path.join(work, "shared-rt.json"));
    const load = await breakBuild(name, work, built.manifestPath);
    const error = await loadManifestFile(load.manifestPath, load.options).then(
      () => undefined,
      (e: unknown) => e,
    );
    if (!(error instanceof LoadError))
      throw new Error(`${name}: expected a LoadError, ${error === undefined ? "but the project loaded" : `got ${String(error)}`}`);
    const named = error.plugin === undefined ? "" : `plugin: ${error.plugin}\n`;
    return stableHashes(stablePaths(`${error.code}: ${error.message}\n${named}`));
  });
}

await describeFixtureCases("load errors", dir, loadError);
