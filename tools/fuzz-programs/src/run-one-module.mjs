/**
 * The reference: the program as ONE ordinary module, compiled in-process by asc with its own
 * embedded runtime of the config's collector, run with plain WebAssembly.instantiate. Every step
 * runs, then a full collection (with no wasm frame live, which both collectors allow).
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { formatDiagnostic, runAsc } from "@shared-rt/runtime/asc";
import { ONE_MODULE_ENTRY, oneModuleSources } from "./emit.mjs";

export async function buildOneModule(program) {
  const dir = await mkdtemp(path.join(tmpdir(), "fuzz-programs-one-"));
  try {
    for (const [rel, text] of Object.entries(oneModuleSources(program))) {
      await mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
      await writeFile(path.join(dir, rel), text);
    }
    const { collector, optimizeLevel } = program.config;
    const run = await runAsc([
      ONE_MODULE_ENTRY,
      "--baseDir",
      dir,
      "--runtime",
      collector,
      "--optimizeLevel",
      String(optimizeLevel),
      "--shrinkLevel",
      "0",
      "--exportRuntime",
      "--exportStart",
      "_start",
      "--noColors",
      "--outFile",
      "out.wasm",
    ]);
    const errors = run.diagnostics.filter((d) => d.category === "error");
    const wasm = run.outputs.get("out.wasm");
    if (errors.length || run.error || !(wasm instanceof Uint8Array)) {
      return { error: `one module failed to compile:\n${errors.map(formatDiagnostic).join("\n") || run.error?.message || run.stderr}` };
    }
    return { wasm };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function readAsString(memory, ptr) {
  if (!ptr) return "null";
  const bytes = new Uint32Array(memory.buffer, ptr - 4, 1)[0];
  return new TextDecoder("utf-16le").decode(new Uint8Array(memory.buffer, ptr, bytes));
}

/** `{ lines }`: what the program printed, ending with `!! <step>: <failure>` if a step failed. */
export async function runOneModule(program, wasm) {
  const lines = [];
  let memory;
  const str = (ptr) => readAsString(memory, ptr);
  const { instance } = await WebAssembly.instantiate(wasm, {
    env: {
      abort: (message, file, line, column) => {
        // A failed assert has no message; the runner calls that reason "abort" too.
        const reason = message ? str(message) : "abort";
        throw Object.assign(new Error(`abort: ${reason} at ${str(file)}:${line}:${column}`), { reason });
      },
      trace: (message) => lines.push(`trace: ${str(message)}`),
      seed: () => 1,
    },
    host: { print: (ptr) => lines.push(str(ptr)) },
  });
  const exports = instance.exports;
  memory = exports.memory;
  const calls = [["start", () => exports._start()], ...program.steps.map((s) => [s.name, () => exports[s.name]()])];
  for (const [name, call] of calls) {
    try {
      call();
      exports.__collect();
    } catch (error) {
      lines.push(`!! ${name}: ${failure(error)}`);
      break;
    }
  }
  return { lines };
}

/** A failure as both harnesses agree to print it: an abort's message, or the trap's kind. */
export function failure(error) {
  let e = error;
  while (e) {
    if (typeof e.reason === "string") return `abort ${e.reason}`;
    if (e instanceof WebAssembly.RuntimeError || e instanceof RangeError) return `trap ${e.message}`;
    e = e.cause;
  }
  return `error ${error?.message ?? error}`;
}
