/**
 * Running wasm on behalf of a plugin's export, and what a failure leaves behind.
 *
 * A trap, an abort or a host function's exception unwinds every wasm frame at once. Most of
 * what that leaves is repaired here or by the caller: the shadow stack pointer is restored, the
 * arguments are unpinned, and whatever the call allocated is garbage for the collector. What
 * cannot be repaired is a trap that struck inside the runtime itself, in the middle of relinking
 * the allocator's free lists or the collector's object lists (the engine's own stack overflow
 * can strike at any call). The runtime records the entry points in progress
 * (`__shared_runtime_entries`, see @shared-rt/runtime's src/wrap-entry-points.ts); a record that
 * did not come back to what it was means the heap may be inconsistent, and from then on the host
 * refuses to run anything against it rather than return results read from a corrupt heap.
 */
import { ENTRY_BITS, RUNTIME_ENTRY_POINTS, RUNTIME_EXPORTS, RUNTIME_GLOBAL_NAMES } from "@shared-rt/abi";
import { LoadError, MissingOverride, PluginAbort, PluginCallError, SharedRtError } from "./errors.js";

/** The runtime's exports a guard reads; runtimes built before entries were recorded lack the second. */
export interface GuardedRuntime {
  /** The shadow stack pointer (incremental collector only). */
  [RUNTIME_GLOBAL_NAMES.stackPointer]?: WebAssembly.Global;
  [RUNTIME_EXPORTS.entries]?: WebAssembly.Global;
}

const ENTRY_MASK = (1 << ENTRY_BITS) - 1;

/** The entry points recorded in `entries` beyond those in `before`, outermost first: `__collect → __new`. */
function interruptedEntries(entries: number, before: number): string {
  const names: string[] = [];
  for (let rest = entries; rest !== before && rest !== 0; rest >>>= ENTRY_BITS) {
    const entry = rest & ENTRY_MASK;
    names.unshift(RUNTIME_ENTRY_POINTS[entry - 1] ?? `entry point ${entry}`);
  }
  return names.join(" → ") || "an entry point";
}

/** What interrupted the runtime, kept to explain every refusal that follows. */
interface Interruption {
  /** The runtime's entry points that were in progress, outermost first (`__new`). */
  entry: string;
  /** When: `during a call to deep.run (Maximum call stack size exceeded)`. */
  during: string;
}

export class CallGuard {
  #interrupted: Interruption | undefined;

  constructor(
    private readonly rt: GuardedRuntime,
    /** Told once, when the runtime is found interrupted (the host stops unpinning through it). */
    private readonly onInterrupted: () => void,
  ) {}

  private why(): string {
    const { entry, during } = this.#interrupted!;
    return `the shared heap may be inconsistent because a trap interrupted the runtime in ${entry} ${during}; discard this host and load the project again`;
  }

  private interrupt(interruption: Interruption): void {
    this.#interrupted = interruption;
    this.onInterrupted();
  }

  /**
   * Whether the runtime was interrupted. Between calls no runtime code runs, so entry points
   * still recorded then were interrupted in a call the host made into the runtime without a
   * guard (a pin, a registration), whose failure went past it.
   */
  private check(): boolean {
    const entries = this.rt[RUNTIME_EXPORTS.entries];
    if (!this.#interrupted && entries && entries.value !== 0) {
      this.interrupt({
        entry: interruptedEntries(entries.value as number, 0),
        during: "in a call the host made into the runtime itself, whose failure went past it",
      });
    }
    return this.#interrupted !== undefined;
  }

  /** Throws if the runtime was interrupted: nothing may run against its heap any more. */
  refuseCall(pluginName: string, exportName: string): void {
    if (this.check()) throw new PluginCallError("HEAP_CORRUPT", pluginName, exportName, `${pluginName}.${exportName} refused: ${this.why()}`);
  }

  /** Like {@link refuseCall}, for loading (or unloading) a plugin. */
  refuseLoad(pluginName: string, what = "load"): void {
    if (this.check()) throw new LoadError("HEAP_CORRUPT", pluginName, `cannot ${what} plugin '${pluginName}': ${this.why()}`);
  }

  /**
   * Runs wasm code on behalf of `pluginName.exportName`. A trap leaves the shadow stack pointer
   * where the unwound frames left it: it is restored so that the runtime stays usable, and the
   * error names the plugin and export. (The caller unpins its temporaries in a `finally`.)
   */
  run<T>(pluginName: string, exportName: string, fn: () => T): T {
    this.refuseCall(pluginName, exportName);
    const sp = this.rt[RUNTIME_GLOBAL_NAMES.stackPointer];
    const saved = sp ? sp.value : 0;
    const entries = this.rt[RUNTIME_EXPORTS.entries];
    const before = entries ? (entries.value as number) : 0;
    try {
      return fn();
    } catch (error) {
      if (sp) sp.value = saved;
      throw this.failed(pluginName, exportName, error, before);
    }
  }

  /**
   * The error for a call that failed after `run` returned (a call suspended with JSPI settles
   * later): no runtime code runs between calls, so any entry point still recorded was interrupted.
   */
  failure(pluginName: string, exportName: string, error: unknown): Error {
    return this.failed(pluginName, exportName, error, 0);
  }

  /** Refuses everything from now on: something found the heap overwritten (`entry`: what, `during`: when). */
  corrupt(entry: string, during: string): void {
    if (!this.#interrupted) this.interrupt({ entry, during });
  }

  private failed(pluginName: string, exportName: string, error: unknown, before: number): Error {
    // A nested call (a host function calling into wasm) already found the runtime interrupted.
    if (error instanceof PluginCallError && error.code === "HEAP_CORRUPT") return error;
    const entries = this.rt[RUNTIME_EXPORTS.entries];
    const { failure, reason } = describeFailure(pluginName, exportName, error);
    if (entries && entries.value !== before) {
      this.interrupt({ entry: interruptedEntries(entries.value as number, before), during: `during a call to ${pluginName}.${exportName} (${reason})` });
      return new PluginCallError("HEAP_CORRUPT", pluginName, exportName, `${pluginName}.${exportName} failed: ${this.why()}`, { cause: failure });
    }
    return failure;
  }
}

/** The error a failed call reports, and its cause in a few words (for later refusals). */
function describeFailure(pluginName: string, exportName: string, error: unknown): { failure: Error; reason: string } {
  const call = `${pluginName}.${exportName}`;
  if (error instanceof MissingOverride) {
    return {
      failure: new PluginCallError("MISSING_OVERRIDE", pluginName, exportName, `${call} failed: ${error.message}`, { cause: error }),
      reason: error.message,
    };
  }
  if (error instanceof PluginAbort) {
    return {
      failure: new PluginCallError("PLUGIN_ABORT", pluginName, exportName, `${call} failed: ${error.message}`, { cause: error }),
      reason: error.message,
    };
  }
  if (error instanceof WebAssembly.RuntimeError) {
    // Slots of unloaded plugins are emptied, so a stale function reference lands here.
    const hint = /null function|uninitialized element/i.test(error.message)
      ? " (a function reference whose table slot is empty: its plugin may have been unloaded)"
      : "";
    return {
      failure: new PluginCallError("PLUGIN_TRAP", pluginName, exportName, `${call} trapped: ${error.message}${hint}`, { cause: error }),
      reason: error.message,
    };
  }
  if (error instanceof RangeError && /call stack/i.test(error.message)) {
    return {
      failure: new PluginCallError("PLUGIN_TRAP", pluginName, exportName, `${call} trapped: ${error.message} (wasm stack overflow)`, { cause: error }),
      reason: error.message,
    };
  }
  // Our own errors (a bad argument, a nested call that failed) already say where.
  if (error instanceof SharedRtError) return { failure: error, reason: error.message };
  const threw = `a host function threw: ${String(error)}`;
  return { failure: new PluginCallError("HOST_ERROR", pluginName, exportName, `${call} failed: ${threw}`, { cause: error }), reason: threw };
}
