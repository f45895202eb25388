import { copyFile, mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { PLUGIN_PACKAGE_FIELD, layoutSection, type PluginPackageInfo } from "@shared-rt/abi";
import { LinkError } from "../errors.js";
import { pluginDeclarations } from "../plugin-declarations.js";
import { type CommandSpec, commandUsage, parseCommand, printedHelp } from "./command-spec.js";
import { PROJECT_OPTION, projectPath } from "./project-path.js";

export const PACK = {
  name: "pack",
  args: "<plugin>",
  summary: "write a relocatable plugin as an npm package",
  description: `
Builds the project and writes <plugin> as an npm package that other projects list with
{ "package": "<package>" } in their shared-rt.json: the relocatable plugin, an AssemblyScript
declaration module (index.ts: the @external declarations of its exports, which other plugins
import by the package's name), and a package.json whose "${PLUGIN_PACKAGE_FIELD}" field names both.
The plugin must be "relocatable": true in the project (a packed plugin is placed by whoever
links it).`,
  options: {
    project: PROJECT_OPTION,
    out: { type: "string", short: "o", value: "<dir>", help: "directory to write the package to (default: <outDir>/pack/<plugin>)" },
    name: { type: "string", value: "<package>", help: "package name (default: the plugin's name)" },
    version: { type: "string", value: "<v>", help: "package version (default: 0.0.0)" },
    "no-package-json": {
      type: "boolean",
      help: `write only the plugin and index.ts, e.g. into the dist/ of a workspace\npackage whose own package.json names them in its "${PLUGIN_PACKAGE_FIELD}" field`,
    },
  },
} satisfies CommandSpec;

/** `shared-rt pack <plugin>`: a plugin package from the project's build. */
export async function pack(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommand(PACK, argv);
  if (printedHelp(PACK, values)) return 0;
  const [plugin] = positionals;
  if (positionals.length !== 1) {
    process.stderr.write(`shared-rt pack: expected one plugin name, found ${positionals.length}\n\n${commandUsage(PACK)}`);
    return 1;
  }
  const { buildProject } = await import("../build-project.js");
  const { project } = await buildProject(projectPath(values.project));
  const spec = project.plugins.find((p) => p.name === plugin);
  if (!spec) throw new LinkError("BAD_TARGET", `${project.file}: there is no plugin '${plugin}' (plugins: ${project.plugins.map((p) => p.name).join(", ")})`);
  if (!spec.relocatable)
    throw new LinkError("NOT_RELOCATABLE", `plugin '${plugin}' is linked at fixed bases; mark it "relocatable": true in ${project.file} to pack it`);
  const out = path.resolve(values.out ?? path.join(project.outDir, "pack", plugin));
  const wasmFile = `${plugin}.wasm`;
  const built = path.join(project.outDir, wasmFile);
  const layout = layoutSection(new WebAssembly.Module(await readFile(built)));
  if (!layout) throw new LinkError("NOT_A_PLUGIN", `${built} has no layout section`);
  await mkdir(out, { recursive: true });
  await copyFile(built, path.join(out, wasmFile));
  await writeFile(path.join(out, "index.ts"), pluginDeclarations(plugin, layout.exports));
  if (values["no-package-json"]) {
    process.stderr.write(`packed plugin '${plugin}' (${wasmFile}, index.ts) -> ${out}\n`);
    return 0;
  }
  const info: PluginPackageInfo = { plugin, wasm: wasmFile, declarations: "index.ts" };
  const pkg = { name: values.name ?? plugin, version: values.version ?? "0.0.0", files: [wasmFile, "index.ts"], [PLUGIN_PACKAGE_FIELD]: info };
  await writeFile(path.join(out, "package.json"), `${JSON.stringify(pkg, null, 2)}\n`);
  process.stderr.write(`packed plugin '${plugin}' as ${pkg.name}@${pkg.version} -> ${out}\n`);
  return 0;
}
