export { SharedHost } from "./host.js";
export type { HostImports, LoadOptions, LoadedPlugin } from "./host.js";
export type { Manifest, ManifestPlugin, ManifestImport } from "./manifest.js";
export { SharedRtError, LoadError, PluginAbort, PluginCallError } from "./errors.js";
export { readString, writeString, kindOf } from "./values.js";
