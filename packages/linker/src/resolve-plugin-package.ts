import { readFile } from "node:fs/promises";
import path from "node:path";
import { PLUGIN_PACKAGE_FIELD, type PluginPackageInfo } from "@shared-rt/abi";
import { LinkError } from "./errors.js";
import type { Project, ProjectPlugin } from "./project.js";

/**
 * Plugins named by package (`"package": "@acme/tokenizer"`) become prebuilt plugins: the package
 * is looked up like Node looks up a dependency (node_modules of the project's directory, then of
 * each directory above), and its package.json's `shared-rt` field names the relocatable plugin
 * inside it. `shared-rt pack` writes such packages.
 */
export async function resolvePluginPackages(project: Project): Promise<Project> {
  const plugins = await Promise.all(project.plugins.map((plugin) => (plugin.package === undefined ? plugin : resolvePackage(project, plugin, plugin.package))));
  return { ...project, plugins };
}

async function resolvePackage(project: Project, plugin: ProjectPlugin, name: string): Promise<ProjectPlugin> {
  const where = `${project.file}: plugins.${plugin.name}.package`;
  const looked: string[] = [];
  for (let dir = project.dir; ; dir = path.dirname(dir)) {
    const packageDir = path.join(dir, "node_modules", ...name.split("/"));
    looked.push(path.join(dir, "node_modules"));
    const json = await readJson(path.join(packageDir, "package.json"));
    if (json !== undefined) return { ...plugin, wasm: pluginFile(where, name, packageDir, json) };
    if (path.dirname(dir) === dir) break;
  }
  throw new LinkError("BAD_PROJECT", `${where}: cannot find the package '${name}' (looked in ${looked.join(", ")}); install it with npm install ${name}`);
}

/** The plugin file a package's `shared-rt` field names, checked to be a .wasm inside the package. */
function pluginFile(where: string, name: string, packageDir: string, json: unknown): string {
  const info = (json as Record<string, unknown> | null)?.[PLUGIN_PACKAGE_FIELD] as Partial<PluginPackageInfo> | undefined;
  if (typeof info !== "object" || info === null || typeof info.wasm !== "string" || !info.wasm.endsWith(".wasm")) {
    throw new LinkError(
      "BAD_PROJECT",
      `${where}: the package '${name}' (${packageDir}) is not a shared-rt plugin: its package.json has no "${PLUGIN_PACKAGE_FIELD}": { "wasm": "<file>.wasm" } (shared-rt pack writes one)`,
    );
  }
  const file = path.resolve(packageDir, info.wasm);
  if (path.relative(packageDir, file).startsWith("..")) {
    throw new LinkError("BAD_PROJECT", `${where}: the package '${name}' names a plugin file outside itself ('${info.wasm}')`);
  }
  return file;
}

async function readJson(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    return undefined;
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new LinkError("BAD_PROJECT", `${file}: not valid JSON: ${(error as Error).message}`, { cause: error });
  }
}
