import { DELTAS, RELOCATION_BASES } from "@shared-rt/abi";
import { relocateAndOptimize, type OptimizeLevels } from "./relocate-and-optimize.js";
import { SharedInitError } from "./shared-init-error.js";

/**
 * Relocatable mode when asc is run from the command line (`asc … --transform shared-init` with
 * no base chosen, or SHARED_INIT_RELOCATABLE=1): the relocation needs a second build at other bases, so the
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

/** SHARED_INIT_RELOCATABLE: true (1, true, yes), false (0, false, no), undefined when unset or empty. */
export function relocatableSetting(): boolean | undefined {
  const raw = typeof process !== "undefined" ? (process.env.SHARED_INIT_RELOCATABLE ?? "") : "";
  if (/^(1|true|yes)$/i.test(raw)) return true;
  if (/^(0|false|no)$/i.test(raw)) return false;
  return undefined;
}

/** Whether this process is asc's command line (`asc …`, `npx asc …`, `node …/bin/asc.js …`). */
function isAscCommandLine(): boolean {
  return typeof process !== "undefined" && /asc(\.js)?$/.test(process.argv[1] ?? "");
}

const BASE_FLAG = /^--(memoryBase|tableBase)(=|$)/;

/**
 * The default of a plugin built by hand: relocatable when asc runs from its command line and
 * no base was chosen (no --memoryBase/--tableBase on the command line or in an asconfig.json,
 * no class-id base), because only a relocatable plugin can be placed by the linker or a host
 * without its sources. A base chosen by hand means the user places the plugin: fixed bases.
 */
export function relocatableByDefault(options: { memoryBase: number; tableBase: number }, classBaseChosen: boolean): boolean {
  if (!isAscCommandLine() || classBaseChosen) return false;
  return options.memoryBase === 0 && options.tableBase === 0 && !process.argv.some((arg) => BASE_FLAG.test(arg));
}

const OUTPUT_OPTIONS = new Set(["-o", "--outFile", "-t", "--textFile", "-b", "--bindings", "--sourceMap"]);

/** asc's command line of this process, without its outputs. */
function commandLine(): string[] {
  if (!isAscCommandLine()) {
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
export async function relocateWithSecondBuild(name: string, first: Uint8Array, levels: OptimizeLevels): Promise<Uint8Array> {
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
