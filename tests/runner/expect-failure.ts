import type { PluginCallError } from "@shared-rt/runner";

/** The error a call throws; fails the test when it throws nothing. */
export function failure(fn: () => unknown): PluginCallError {
  try {
    fn();
  } catch (error) {
    return error as PluginCallError;
  }
  throw new Error("expected the call to fail");
}
