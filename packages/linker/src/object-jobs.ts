import type { BuildOptions } from "./build-options.js";
import type { ObjectJob } from "./compile-objects.js";
import { privateDirsOf } from "./shared-classes.js";
import type { Project } from "./project.js";

/**
 * Whether a build links its plugins from objects (see BuildOptions.linkObjects). Deliberate
 * faults change how a plugin is compiled at its bases, so those builds keep compiling that way.
 */
export function linksObjects(options: BuildOptions): boolean {
  if (options.faults && Object.values(options.faults).some((v) => v !== undefined && v !== false)) return false;
  if (options.linkObjects !== undefined) return options.linkObjects;
  return process.env.SHARED_RT_LINK_OBJECTS !== "0";
}

/** An object to compile for every plugin built from sources (not a prebuilt one): its relocatable plugin, unoptimized. */
export function objectJobs(project: Project): ObjectJob[] {
  return project.plugins
    .filter((p) => p.entry !== undefined)
    .map((plugin) => ({
      name: plugin.name,
      options: {
        privateDirs: privateDirsOf(project, plugin),
        name: plugin.name,
        entry: plugin.entry!,
        baseDir: project.dir,
        collector: project.collector,
        // Unoptimized: linking optimizes once, with the slot's constants in the code (the
        // optimizer cannot fold an imported global). So an object does not depend on the levels.
        optimizeLevel: 0,
        shrinkLevel: 0,
        transforms: project.transforms,
        // Only threaded projects carry the key: other objects keep their cache keys and bytes.
        ...threadsOption(project),
      },
    }));
}

/** The compile option of a threaded project's plugins (asc's threads feature), none otherwise. */
export function threadsOption(project: Project): { threads?: true } {
  return project.threads ? { threads: true } : {};
}
