import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { COLLECTORS, type Collector, type Manifest } from "@shared-rt/abi";
import { buildProject } from "./build-project.js";
import { LinkError } from "./errors.js";
import { pluginFile } from "./output-files.js";
import { describePrebuilt } from "./read-prebuilt-plugin.js";
import { PROJECT_FILE, relativePath } from "./project.js";

/** A prebuilt plugin to link: its bytes, or the path of its .wasm file. */
export interface ModuleToLink {
  name: string;
  wasm: Uint8Array | string;
}

export interface LinkModulesOptions {
  /** Where the manifest, runtime and linked plugins go (and the project file that reproduces the link). */
  outDir: string;
  /** The project's collector. Default: the one the first plugin was built for (every plugin must agree). */
  collector?: Collector;
  /** Binaryen levels for the runtime (the plugins are linked as they are). Default: 3 and 0, as shared-rt.json's. */
  optimizeLevel?: number;
  shrinkLevel?: number;
}

export interface LinkModulesResult {
  manifest: Manifest;
  manifestPath: string;
  /** The shared-rt.json written to outDir: `shared-rt build -p <it>` repeats the link. */
  projectFile: string;
}

/** Where bytes handed over in memory are written, so that the project can name them. */
const INPUTS_DIR = "inputs";

/**
 * Links prebuilt relocatable plugins (hand-built with `asc x.ts --transform shared-init`, or
 * from any other build) with no shared-rt.json of the user's: writes one into outDir naming
 * each plugin as `"wasm"`, and builds it. A project rather than a second code path, so that
 * these plugins are checked, placed, cached and written exactly as a project's prebuilt ones
 * are, and the link can be repeated with `shared-rt build -p <outDir>/shared-rt.json`.
 */
export async function linkModules(plugins: ModuleToLink[], options: LinkModulesOptions): Promise<LinkModulesResult> {
  if (plugins.length === 0) throw new LinkError("BAD_PROJECT", "linkModules: expected at least one plugin");
  const outDir = path.resolve(options.outDir);
  const seen = new Set<string>();
  for (const { name } of plugins) {
    if (seen.has(name)) throw new LinkError("BAD_PROJECT", `linkModules: two plugins are named '${name}'`);
    seen.add(name);
  }
  if (options.collector !== undefined && !COLLECTORS.includes(options.collector)) {
    throw new LinkError("BAD_PROJECT", `linkModules: collector: expected one of ${COLLECTORS.join(", ")}, found '${String(options.collector)}'`);
  }
  await mkdir(outDir, { recursive: true });
  const files = new Map<string, string>();
  let firstCollector: Collector | undefined;
  for (const plugin of plugins) {
    const { file, bytes } = await inputFile(plugin, outDir);
    // Checked here too, so that a message names the file as the caller gave it.
    firstCollector ??= describePrebuilt(plugin.name, bytes, typeof plugin.wasm === "string" ? plugin.wasm : "bytes").layout.collector;
    files.set(plugin.name, file);
  }
  const collector = options.collector ?? firstCollector!;
  const project = {
    plugins: Object.fromEntries(plugins.map((p) => [p.name, { wasm: relativePath(outDir, files.get(p.name)!) }])),
    outDir: ".",
    collector,
    ...(options.optimizeLevel === undefined ? {} : { optimizeLevel: options.optimizeLevel }),
    ...(options.shrinkLevel === undefined ? {} : { shrinkLevel: options.shrinkLevel }),
  };
  const projectFile = path.join(outDir, PROJECT_FILE);
  await writeFile(projectFile, `${JSON.stringify(project, null, 2)}\n`);
  const { manifest, manifestPath } = await buildProject(projectFile);
  return { manifest, manifestPath, projectFile };
}

/**
 * The file the project names for a plugin: its own path, or, for bytes (and for a file that is
 * where its linked output goes, which the link overwrites), a copy under outDir/inputs.
 */
async function inputFile(plugin: ModuleToLink, outDir: string): Promise<{ file: string; bytes: Uint8Array }> {
  if (typeof plugin.wasm !== "string") return { file: await writeCopy(plugin.name, plugin.wasm, outDir), bytes: plugin.wasm };
  const file = path.resolve(plugin.wasm);
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(file));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message;
    throw new LinkError("BAD_PROJECT", `plugin '${plugin.name}': cannot read '${plugin.wasm}': ${reason}`, { cause: error });
  }
  if (file.endsWith(".wasm") && file !== path.join(outDir, pluginFile(plugin.name))) return { file, bytes };
  return { file: await writeCopy(plugin.name, bytes, outDir), bytes };
}

async function writeCopy(name: string, bytes: Uint8Array, outDir: string): Promise<string> {
  const copy = path.join(outDir, INPUTS_DIR, pluginFile(name));
  await mkdir(path.dirname(copy), { recursive: true });
  await writeFile(copy, bytes);
  return copy;
}
