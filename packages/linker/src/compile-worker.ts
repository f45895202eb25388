/**
 * A worker thread that compiles plugins into objects (relocatable plugins), so that the linker
 * compiles different plugins at once (compile-objects.ts). One message in, one out: the compile
 * options, then the object with what the compiler read, or the error as data.
 */
import { parentPort } from "node:worker_threads";
import { compileRelocatable, type PluginCompileOptions } from "./compile-plugin.js";
import { LinkError } from "./errors.js";

export type ObjectOptions = Omit<PluginCompileOptions, "memoryBase" | "tableBase" | "classIdBase" | "sharedClassIds" | "sharedClassBase">;

export type WorkerReply =
  | { id: number; wasm: Uint8Array; filesRead: [string, string | null][]; diagnostics: unknown[] }
  | { id: number; error: { code: string; message: string; diagnostics?: unknown[] } };

parentPort?.on("message", async ({ id, options }: { id: number; options: ObjectOptions }) => {
  let reply: WorkerReply;
  try {
    const made = await compileRelocatable(options);
    reply = { id, wasm: made.wasm, filesRead: [...made.filesRead], diagnostics: made.diagnostics };
  } catch (error) {
    const e = error as LinkError;
    reply = { id, error: { code: e instanceof LinkError ? e.code : "COMPILE_FAILED", message: e.message ?? String(e), diagnostics: e.diagnostics } };
  }
  parentPort!.postMessage(reply);
});
