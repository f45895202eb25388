import { RUNTIME_EXPORTS, type Collector } from "@shared-rt/abi";
import { buildRuntime } from "../src/index.js";

/**
 * The runtime built and instantiated alone (no plugin), with an `abort` that records its message
 * and throws as a host's does. `growPages`: how far the memory may grow.
 */
export async function runtimeAlone(collector: Collector = "incremental", growPages = 256) {
  const build = await buildRuntime({ collector, memoryBase: 4096, tableBase: 1 });
  const initial = Math.ceil(build.heapBase / 65536) + 1;
  const memory = new WebAssembly.Memory({ initial, maximum: initial + growPages });
  const table = new WebAssembly.Table({ initial: 8, element: "anyfunc" });
  const aborts: string[] = [];
  const text = (ptr: number) =>
    ptr ? new TextDecoder("utf-16le").decode(new Uint8Array(memory.buffer, ptr, new Uint32Array(memory.buffer, ptr - 4, 1)[0])) : "";
  const { instance } = await WebAssembly.instantiate(build.wasm as Uint8Array<ArrayBuffer>, {
    env: {
      memory,
      table,
      abort: (message: number) => {
        aborts.push(text(message));
        throw new Error(`abort: ${text(message)}`);
      },
    },
  });
  const rt = instance.exports as Record<string, (...args: number[]) => number> & Record<string, WebAssembly.Global>;
  const entries = () => (instance.exports[RUNTIME_EXPORTS.entries] as WebAssembly.Global).value as number;
  return { rt, entries, aborts, memory, table, instance };
}
