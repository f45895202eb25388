/**
 * A plugin published as an npm package: its package.json names, under {@link PLUGIN_PACKAGE_FIELD},
 * the relocatable plugin and the AssemblyScript declaration module other plugins import it
 * through. `shared-rt pack` writes such a package; a project uses it with
 * `"plugins": { "<name>": { "package": "<package name>" } }`.
 */
export const PLUGIN_PACKAGE_FIELD = "shared-rt";

export interface PluginPackageInfo {
  /** The plugin's name: the module name its declarations import from (`@external("<plugin>", …)`). */
  plugin: string;
  /** The relocatable plugin, relative to the package directory. */
  wasm: string;
  /** The declaration module, relative to the package directory (asc resolves `import … from "<package>"` to its `index.ts`). */
  declarations?: string;
}

/** The compiler a plugin was built with, as its layout records it (`compiler`). */
export function compilerName(version: string): string {
  return `assemblyscript@${version}`;
}
