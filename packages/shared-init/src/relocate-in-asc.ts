import { DELTAS, RELOCATION_BASES } from "@shared-rt/abi";
import { relocateAndOptimize } from "./relocate-and-optimize.js";
import { SharedInitError } from "./shared-init-error.js";

/**
 * Relocatable mode when asc is run from the command line (`SHARED_INIT_RELOCATABLE=1 asc …
 * --transform shared-init`): the relocation needs a second build at other bases, so the
 * transform runs asc once more, in-process, with the same command line and no output; the
 * second build's transform hands its module over through `probe` instead of emitting it.
 */

export interface Bases {
  memory: number;
  table: number;
  classes: number;
  shared: number;
}

interface Probe {
  bases: Bases;
  wasm?: Uint8Array;
}

/** Set while the second build runs; its transform instance sees it and acts as the probe. */
let probe: Probe | null = null;

/** The bases the running compile should use: the probe's second set, or the first. */
export function relocationBases(): { bases: Bases; isProbe: boolean } {
  return probe && !probe.wasm ? { bases: probe.bases, isProbe: true } : { bases: RELOCATION_BASES, isProbe: false };
}

/** Called by the probe build with its finished (unoptimized) module. */
export function deliverProbe(wasm: Uint8Array): void {
  if (probe) probe.wasm = wasm;
}

/** Whether relocatable mode was asked for on the command line. */
export function relocatableRequested(): boolean {
  return typeof process !== "undefined" && /^(1|true|yes)$/i.test(process.env.SHARED_INIT_RELOCATABLE ?? "");
}

const OUTPUT_OPTIONS = new Set(["-o", "--outFile", "-t", "--textFile", "-b", "--bindings", "--sourceMap"]);

/** asc's command line of this process, without its outputs. */
function commandLine(): string[] {
  const script = process.argv[1] ?? "";
  if (!/asc(\.js)?$/.test(script)) {
    throw new SharedInitError(
      "NOT_ASC_COMMAND_LINE",
      "shared-init: SHARED_INIT_RELOCATABLE works with the asc command line; from JavaScript, build relocatable plugins with compileRelocatable of @shared-rt/linker",
    );
  }
  const args = process.argv.slice(2);
  const out: string[] = [];
  for (let i = 0; i < args.length; ++i) {
    const arg = args[i];
    const [flag] = arg.split("=");
    if (OUTPUT_OPTIONS.has(flag)) {
      if (!arg.includes("=") && args[i + 1] && !args[i + 1].startsWith("-")) ++i;
      continue;
    }
    out.push(arg);
  }
  return out;
}

/**
 * Builds the second module (same command line, bases moved by DELTAS) and returns the
 * relocatable module made from both, optimized at the given levels. Both builds are compared
 * as the transform sees them, before asc optimizes (relocate-and-optimize.ts says why).
 */
export async function relocateWithSecondBuild(name: string, first: Uint8Array, levels: { optimize: number; shrink: number }): Promise<Uint8Array> {
  const asc = (await import("assemblyscript/asc")).default;
  probe = {
    bases: {
      memory: RELOCATION_BASES.memory + DELTAS.memory,
      table: RELOCATION_BASES.table + DELTAS.table,
      classes: RELOCATION_BASES.classes + DELTAS.classes,
      shared: RELOCATION_BASES.shared + DELTAS.shared,
    },
  };
  let second: Uint8Array | undefined;
  try {
    const stderr = asc.createMemoryStream();
    const result = await asc.main([...commandLine(), "--noEmit"], { stdout: asc.createMemoryStream(), stderr });
    if (result.error)
      throw new SharedInitError("SECOND_BUILD_FAILED", `shared-init: the second build for relocation failed: ${stderr.toString() || result.error.message}`);
    second = probe.wasm;
  } finally {
    probe = null;
  }
  if (!second) throw new SharedInitError("SECOND_BUILD_FAILED", "shared-init: the second build for relocation did not run the transform");
  return relocateAndOptimize(name, first, second, levels, name).wasm;
}
