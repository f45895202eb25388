import type { SharedRtError } from "../src/errors.js";

/** `CODE: message` of the error a conversion throws; fails the test when it throws nothing. */
export function message(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    return `${(error as SharedRtError).code}: ${(error as Error).message}`;
  }
  throw new Error("not refused");
}
