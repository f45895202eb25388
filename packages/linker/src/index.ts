export { buildProject, MEMORY_START, MEMORY_ALIGN, TABLE_START, VISITOR_SLOTS } from "./build-project.js";
export type { BuildEvent, BuildFaults, BuildOptions, BuildResult } from "./build-project.js";
export { compilePlugin } from "./compile-plugin.js";
export type { CompiledPlugin, PluginCompileOptions } from "./compile-plugin.js";
export { orderPlugins } from "./order-plugins.js";
export { readProject, parseProject, PROJECT_FILE } from "./project.js";
export type { Project, ProjectPlugin } from "./project.js";
export { LinkError } from "./errors.js";
