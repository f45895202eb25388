import type { AscDiagnostic } from "@shared-rt/runtime/asc";

export interface BuildEvent {
  kind: "plugin" | "runtime";
  name: string;
  ms: number;
  bytes: number;
  /** Reused from the previous build: its inputs and its place did not change. */
  cached: boolean;
  /**
   * Built from an object (BuildOptions.linkObjects) and linked now: whether the object was
   * compiled by this build or was its cached one (then the plugin was only relinked).
   */
  object?: "compiled" | "cached";
  /** Read, not compiled: where from (`vendor/x.wasm`, or `package '@acme/x', node_modules/…`). */
  prebuilt?: string;
  /** The compiler's warnings (and other non-errors) for this plugin, when it was compiled. */
  diagnostics?: AscDiagnostic[];
}

/**
 * A plugin's object starting or ending its compile, for progress displays (BuildOptions.onStep):
 * `cached`, its object is reused and nothing compiles; `compile`, its object starts compiling
 * (in a worker thread, several at once); `compiled`, that compile ended (a failure is thrown by
 * the build after). Only builds that link from objects (the default) compile objects.
 */
export interface BuildStep {
  name: string;
  step: "cached" | "compile" | "compiled";
}

export interface BuildOptions {
  /** Called as each module is compiled or reused. */
  onProgress?: (event: BuildEvent) => void;
  /**
   * Called as each plugin's object starts and ends its compile, or is found cached (long before
   * the plugin's `onProgress` event, which comes once it is linked and optimized).
   */
  onStep?: (step: BuildStep) => void;
  /** Ignore the previous build's cache: compile everything and place every plugin afresh. */
  clean?: boolean;
  /**
   * Deliberate faults that undo one part of what makes a shared collector correct. Only for
   * tests that prove the GC stress suite fails without that part.
   */
  faults?: BuildFaults;
  /**
   * Compile each plugin once into an object (a relocatable plugin, cached by its own inputs,
   * compiled in parallel) and link it into its slot without recompiling (link-object.ts), instead
   * of compiling it at its slot's bases (`false`: the earlier way, kept for comparison). Default:
   * true, unless the environment variable SHARED_RT_LINK_OBJECTS is `0`. Builds with faults always
   * compile at the bases.
   */
  linkObjects?: boolean;
}

export interface BuildFaults {
  /** The runtime does not visit plugin globals. */
  skipPluginGlobals?: boolean;
  /** Plugins keep their own shadow stacks, which the runtime does not scan. */
  ownStacks?: boolean;
  /** Every plugin's classes get the same ids, and the runtime accepts the overlap. */
  collideClassIds?: boolean;
  /** Threaded runtime: a collection scans only the collecting worker's shadow stack. */
  threadsOwnStackOnly?: boolean;
  /** Threaded runtime: a collection does not visit the plugin globals other workers recorded. */
  threadsSkipRecordedRoots?: boolean;
  /** These plugins are built without stubs for the shared methods they never call: another plugin's call of their overrides traps. */
  noOwnerStubs?: string[];
  /**
   * No dispatch support at all: shared methods are not forced virtual, stubs keep the
   * compiler's default (the base method). Silently wrong across plugins; only for measuring what
   * the support costs in bytes (tools/bench dispatch-bench.mjs).
   */
  noDispatch?: boolean;
}

/** Records a module compiled or reused, for the result and for `onProgress`. */
export type Report = (event: BuildEvent) => void;
