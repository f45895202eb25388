import path from "node:path";
import { buildRuntime, runtimeSourceDir } from "@shared-rt/runtime";
import type { SlotStart } from "./assign-slots.js";
import { readOutput, sha256, sourceHash, type BuildCache, type CachedRuntime } from "./build-cache.js";
import type { BuildFaults, Report } from "./build-options.js";
import { RUNTIME_FILE } from "./output-files.js";
import type { Project } from "./project.js";

/** The runtime module as linked: its wasm, where its data ends, its heap base and table size. */
export interface LinkedRuntime {
  wasm: Uint8Array;
  dataEnd: number;
  /** Top of the shared shadow stack; everything below it is static to the collector. */
  heapBase: number;
  tableSize: number;
}

/**
 * Builds the runtime at `start`, above every plugin's slot, so that its heap base is above
 * all static data. The previous build's runtime is reused when nothing below it moved and
 * neither its sources nor the toolchain (`toolchainKey`) changed.
 */
export async function buildOrReuseRuntime(
  project: Project,
  toolchainKey: string,
  previous: BuildCache,
  start: SlotStart,
  faults: BuildFaults | undefined,
  report: Report,
): Promise<{ runtime: LinkedRuntime; cached: CachedRuntime }> {
  const started = performance.now();
  const key = sha256(
    JSON.stringify({
      key: toolchainKey,
      source: await sourceHash(runtimeSourceDir),
      memoryBase: start.memory,
      tableBase: start.table,
      stackSize: project.stackSize ?? null,
      threads: project.threads ?? null,
    }),
  );
  const reused = previous.runtime?.key === key ? await reuse(project, previous.runtime) : undefined;
  const runtime =
    reused ??
    (await buildRuntime({
      collector: project.collector,
      memoryBase: start.memory,
      tableBase: start.table,
      stackSize: project.stackSize,
      threads: project.threads,
      optimizeLevel: project.optimizeLevel,
      shrinkLevel: project.shrinkLevel,
      faults: {
        skipPluginGlobals: faults?.skipPluginGlobals,
        allowClassOverlap: faults?.collideClassIds,
        threadsOwnStackOnly: faults?.threadsOwnStackOnly,
        threadsSkipRecordedRoots: faults?.threadsSkipRecordedRoots,
      },
    }));
  report({ kind: "runtime", name: "runtime", ms: performance.now() - started, bytes: runtime.wasm.length, cached: reused !== undefined });
  return { runtime, cached: { key, hash: sha256(runtime.wasm), dataEnd: runtime.dataEnd, heapBase: runtime.heapBase, tableSize: runtime.tableSize } };
}

async function reuse(project: Project, before: CachedRuntime): Promise<LinkedRuntime | undefined> {
  const wasm = await readOutput(path.join(project.outDir, RUNTIME_FILE), before.hash);
  return wasm && { wasm, dataEnd: before.dataEnd, heapBase: before.heapBase, tableSize: before.tableSize };
}
