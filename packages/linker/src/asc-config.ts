/**
 * asc reads `asconfig.json` from its base directory, the project's: its entries, options and
 * transforms would mix into every plugin's build, half of them then overridden by the options
 * shared-rt passes. The linker has asc read none (compile-plugin.ts names a config that is never
 * there) and warns about a stray one, so that nobody expects it to apply.
 */
import { stat } from "node:fs/promises";
import path from "node:path";
import { PROJECT_FILE } from "./project.js";

/** asc's config file name. */
export const ASC_CONFIG = "asconfig.json";

/**
 * What `--config` names instead of asconfig.json (relative to the base directory, the project's):
 * a file that does not exist, so asc reads no config. Its name says why, should anyone look.
 */
export const NO_ASC_CONFIG = "shared-rt.json-replaces-asconfig.json";

/** The warning for an asconfig.json in the project's directory, if there is one. */
export async function ascConfigWarnings(project: { dir: string }): Promise<string[]> {
  const file = path.join(project.dir, ASC_CONFIG);
  if (!(await stat(file).catch(() => undefined))?.isFile()) return [];
  return [
    `${file} is ignored: shared-rt compiles plugins with the options of ${PROJECT_FILE} (optimizeLevel, shrinkLevel, stackSize, maximumMemory, transforms), not asc's config`,
  ];
}
