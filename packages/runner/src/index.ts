export { SharedHost } from "./host.js";
export type { HostImports, LoadOptions, LoadedPlugin } from "./host.js";
export type { Manifest, ManifestPlugin, ManifestImport } from "./manifest.js";
export { SharedRtError, LoadError, PluginAbort, PluginCallError, ValueError } from "./errors.js";
export { Owned } from "./owned.js";
export { parseType, type AsType } from "./as-types.js";
export { readString, writeString, kindOf } from "./values.js";
