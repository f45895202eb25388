import { RuntimeBuildError } from "./runtime-build-error.js";

/**
 * Works around a V8 bug that broke the threaded runtime's mutex (found in session 7; Node 20's
 * V8 11.3, its baseline compiler Liftoff on x64; Node 24's V8 and the optimizing tier are not
 * affected). Before calling its wait builtin, Liftoff widens the i32 address of a
 * `memory.atomic.wait32` to 64 bits and spills it with an 8-byte store into a stack slot
 * of 4 bytes: the upper half, zero, lands on the slot pushed just before, which is the
 * function's last local when the wait's operands are the first values on its stack. In the
 * mutex that local was the owner's number (me + 1): a worker woken from its wait retried its
 * compare-exchange with 0, "took" a free lock without writing the lock word, and ran the
 * allocator while another worker took the lock too (tools/bench/README.md, "a spinning mutex").
 *
 * So every `memory.atomic.wait32` of the optimized runtime becomes a call of one function added
 * after optimization (so never inlined back) whose last local is declared and never used: the
 * zero lands there. The rewrite is on the text, as in make-runtime-threaded.ts.
 */

/** The function every wait of the threaded runtime goes through (one per distinct memarg offset). */
export const WAIT32 = "shared-rt/wait32";

const WAIT = /\(memory\.atomic\.wait32((?: \$[^\s()]+)?)(?: offset=(\d+))?(?: align=\d+)?/g;

function waitFunction(offset: number): string {
  return offset ? `${WAIT32}@${offset}` : WAIT32;
}

/** The module text with every `memory.atomic.wait32` a call of {@link WAIT32}, which is appended. */
export function routeWaits(text: string): string {
  const offsets = new Set<number>();
  const routed = text.replace(WAIT, (match, memory: string, offset: string | undefined) => {
    if (memory) throw new RuntimeBuildError("UNEXPECTED_COMPILER_OUTPUT", `shared-rt threaded runtime build: a wait names its memory ('${match}')`);
    const at = Number(offset ?? 0);
    offsets.add(at);
    return `(call $${waitFunction(at)}`;
  });
  if (!offsets.size) return text;
  const end = routed.lastIndexOf(")");
  const functions = [...offsets]
    .sort((a, b) => a - b)
    .map(
      (at) =>
        ` (func $${waitFunction(at)} (param $0 i32) (param $1 i32) (param $2 i64) (result i32) (local $3 i32)\n` +
        `  (memory.atomic.wait32${at ? ` offset=${at}` : ""} (local.get $0) (local.get $1) (local.get $2)))\n`,
    );
  return `${routed.slice(0, end)}${functions.join("")})${routed.slice(end + 1)}`;
}
