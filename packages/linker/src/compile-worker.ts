/**
 * A worker thread of the linker's pool (worker-pool.ts), so that it compiles and optimizes
 * different plugins at once. One message in, one out: a job, then its result, or the error as data.
 */
import { parentPort } from "node:worker_threads";
import type { AscDiagnostic } from "@shared-rt/runtime/asc";
import type { OptimizeLevels } from "shared-init";
import { buildPlugin, relocatedModule, type PluginCompileOptions, type RelocatableOptions } from "./compile-plugin.js";
import { LinkError } from "./errors.js";
import { optimizeLinked } from "./link-object.js";

/**
 * `build`: one asc build of a plugin; `relocate`: a relocatable plugin (an object) from its two
 * builds; `optimize`: a placed plugin optimized (link-object.ts).
 */
export type WorkerJob =
  | { kind: "build"; options: PluginCompileOptions }
  | { kind: "relocate"; options: RelocatableOptions; first: Uint8Array; second: Uint8Array }
  | { kind: "optimize"; wasm: Uint8Array; levels: OptimizeLevels };

/** What a job gives: the module, for a build what the compiler read and said, for an optimize its interface. */
export interface JobResult {
  wasm: Uint8Array;
  filesRead: Map<string, string | null>;
  diagnostics: AscDiagnostic[];
  interface?: ModuleInterface;
}

/** A module's imports and exports (read by compiling it, which the workers do in parallel). */
export interface ModuleInterface {
  imports: WebAssembly.ModuleImportDescriptor[];
  exports: WebAssembly.ModuleExportDescriptor[];
}

export type WorkerReply =
  | { id: number; wasm: Uint8Array; filesRead: [string, string | null][]; diagnostics: AscDiagnostic[]; interface?: ModuleInterface }
  | { id: number; error: { code: string; message: string; diagnostics?: AscDiagnostic[] } };

/** Runs one job (in a worker, or in the main thread when there is no worker to run it). */
export async function runJob(job: WorkerJob): Promise<JobResult> {
  if (job.kind === "optimize") {
    const wasm = optimizeLinked(job.wasm, job.levels);
    const module = new WebAssembly.Module(wasm as Uint8Array<ArrayBuffer>);
    return {
      wasm,
      filesRead: new Map(),
      diagnostics: [],
      interface: { imports: WebAssembly.Module.imports(module), exports: WebAssembly.Module.exports(module) },
    };
  }
  if (job.kind === "relocate") return { wasm: relocatedModule(job.options, job.first, job.second).wasm, filesRead: new Map(), diagnostics: [] };
  return buildPlugin(job.options);
}

parentPort?.on("message", async ({ id, job }: { id: number; job: WorkerJob }) => {
  let reply: WorkerReply;
  try {
    const made = await runJob(job);
    reply = { id, wasm: made.wasm, filesRead: [...made.filesRead], diagnostics: made.diagnostics, interface: made.interface };
  } catch (error) {
    const e = error as LinkError;
    reply = { id, error: { code: e instanceof LinkError ? e.code : "COMPILE_FAILED", message: e.message ?? String(e), diagnostics: e.diagnostics } };
  }
  parentPort!.postMessage(reply);
});
