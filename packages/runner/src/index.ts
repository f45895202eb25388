export { SharedHost } from "./host.js";
export type { HostImports, LoadOptions, LoadedPlugin } from "./host.js";
export type { Manifest, ManifestPlugin, ManifestImport } from "@shared-rt/abi";
export {
  SharedRtError,
  LoadError,
  PluginAbort,
  PluginCallError,
  ValueError,
  LOAD_ERROR_CODES,
  CALL_ERROR_CODES,
  ABORT_ERROR_CODES,
  VALUE_ERROR_CODES,
  HOST_ERROR_CODES,
  SHARED_RT_ERROR_CODES,
  type SharedRtErrorCode,
  type LoadErrorCode,
  type CallErrorCode,
  type ValueErrorCode,
  type HostErrorCode,
  type AbortErrorCode,
} from "./errors.js";
export { Owned } from "./owned.js";
export { typed } from "./typed-exports.js";
export { jsTypedArray, parseType, type AsType } from "./as-types.js";
export { readString, writeString, kindOf } from "./values.js";
export { raw, RAW_HOST_FUNCTION, type Raw } from "./host-function-values.js";
export { DEFAULT_ASYNC_STACK_SIZE, engineName, hasJspi } from "./async-calls.js";
export { type CollectTimeout, DEFAULT_COLLECT_TIMEOUT, ThreadedCallError, ThreadedHost, type ThreadedLoadOptions, type ThreadPort } from "./threaded-host.js";
export { loadThreadedInBrowser, type BrowserThreadedLoadOptions } from "./load-threaded-browser.js";
