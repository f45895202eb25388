import binaryen from "assemblyscript/binaryen";
import { expect } from "vitest";
import * as abi from "@shared-rt/abi";
import type { RuntimeBuild } from "../src/index.js";

/**
 * What every threaded runtime build is, with either collector: it exports the runtime and thread
 * API, imports its worker's stack limit, and keeps as mutable globals only those a worker keeps
 * for itself (PER_WORKER_GLOBALS: four exported, the thread index not) and the dispatch-miss
 * address, which nothing writes; every other global moved to the state block.
 */
export function expectThreadedModuleShape(build: RuntimeBuild): void {
  const module = new WebAssembly.Module(build.wasm as Uint8Array<ArrayBuffer>);
  const exports = new Map(WebAssembly.Module.exports(module).map((e) => [e.name, e.kind]));
  for (const name of Object.keys(abi.RUNTIME_FUNCTIONS)) expect(exports.get(name), name).toBe("function");
  for (const name of Object.values(abi.THREAD_EXPORTS)) expect(exports.get(name), name).toBe(name === abi.THREAD_EXPORTS.state ? "global" : "function");
  expect(WebAssembly.Module.imports(module).map((i) => `${i.module}.${i.name}:${i.kind}`)).toContain(
    `${abi.THREAD_NAMESPACE}.${abi.THREAD_IMPORTS.stackLimit}:global`,
  );
  const parsed = binaryen.readBinary(build.wasm);
  const exported = new Map<string, string>();
  for (let i = 0; i < parsed.getNumExports(); ++i) {
    const info = binaryen.getExportInfo(parsed.getExportByIndex(i));
    exported.set(info.value, info.name);
  }
  const mutable: string[] = [];
  for (let i = 0; i < parsed.getNumGlobals(); ++i) {
    const info = binaryen.getGlobalInfo(parsed.getGlobalByIndex(i));
    if (info.mutable && !info.module) mutable.push(exported.get(info.name) ?? "(not exported)");
  }
  parsed.dispose();
  expect(mutable.sort()).toEqual(
    [
      "(not exported)",
      abi.RUNTIME_GLOBAL_NAMES.argumentsLength,
      "__shared_dispatch_miss",
      "__shared_runtime_entries",
      abi.RUNTIME_GLOBAL_NAMES.visitIndex,
      abi.RUNTIME_GLOBAL_NAMES.stackPointer,
    ].sort(),
  );
}
