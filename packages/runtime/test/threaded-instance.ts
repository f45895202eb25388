import * as abi from "@shared-rt/abi";
import type { RuntimeBuild } from "../src/index.js";

export type ThreadedRt = Record<string, (...a: number[]) => number> & Record<string, WebAssembly.Global>;

/**
 * A threaded runtime `build` instantiated alone over the shared `memory`, as one worker's
 * instance with shadow-stack limit `stackLimit`. Each instantiation writes the static data, so
 * instantiate every worker's before any of them runs.
 */
export async function instantiateThreaded(build: RuntimeBuild, memory: WebAssembly.Memory, stackLimit: number): Promise<ThreadedRt> {
  const table = new WebAssembly.Table({ initial: 8, element: "anyfunc" });
  const { instance } = await WebAssembly.instantiate(build.wasm as Uint8Array<ArrayBuffer>, {
    env: {
      memory,
      table,
      abort: () => {
        throw new Error("abort");
      },
    },
    [abi.THREAD_NAMESPACE]: { [abi.THREAD_IMPORTS.stackLimit]: new WebAssembly.Global({ value: "i32", mutable: false }, stackLimit) },
  });
  return instance.exports as ThreadedRt;
}
