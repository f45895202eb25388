/**
 * A worker thread that compiles plugins into objects (relocatable plugins), so that the linker
 * compiles different plugins at once (compile-objects.ts). One message in, one out: the compile
 * options, then the object with what the compiler read, or the error as data.
 */
import { parentPort } from "node:worker_threads";
import { compileRelocatable, type PluginCompileOptions } from "./compile-plugin.js";
import { LinkError } from "./errors.js";
import { optimizeLinked } from "./link-object.js";

export type ObjectOptions = Omit<PluginCompileOptions, "memoryBase" | "tableBase" | "classIdBase" | "sharedClassIds" | "sharedClassBase">;

/** Compile a plugin into its object, or optimize a placed plugin. */
export type WorkerJob = { kind: "object"; options: ObjectOptions } | { kind: "optimize"; wasm: Uint8Array; levels: { optimize: number; shrink: number } };

export type WorkerReply =
  | { id: number; wasm: Uint8Array; filesRead: [string, string | null][]; diagnostics: unknown[] }
  | { id: number; error: { code: string; message: string; diagnostics?: unknown[] } };

parentPort?.on("message", async ({ id, job }: { id: number; job: WorkerJob }) => {
  let reply: WorkerReply;
  try {
    if (job.kind === "optimize") {
      reply = { id, wasm: optimizeLinked(job.wasm, job.levels), filesRead: [], diagnostics: [] };
    } else {
      const made = await compileRelocatable(job.options);
      reply = { id, wasm: made.wasm, filesRead: [...made.filesRead], diagnostics: made.diagnostics };
    }
  } catch (error) {
    const e = error as LinkError;
    reply = { id, error: { code: e instanceof LinkError ? e.code : "COMPILE_FAILED", message: e.message ?? String(e), diagnostics: e.diagnostics } };
  }
  parentPort!.postMessage(reply);
});
