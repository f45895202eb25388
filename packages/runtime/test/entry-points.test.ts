import binaryen from "assemblyscript/binaryen";
import { describe, expect, it } from "vitest";
import { ABI_VERSION, COLLECTORS, DISPATCH_FUNCTIONS, RUNTIME_ENTRY_POINTS, RUNTIME_FUNCTIONS, STACK_RANGE_FUNCTIONS, THREAD_FUNCTIONS } from "@shared-rt/abi";
import { buildRuntime } from "../src/index.js";
import { runtimeAlone } from "./runtime-alone.js";

const instantiate = runtimeAlone;

const fails = (fn: () => unknown): unknown => {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error("expected a failure");
};

describe("the runtime's entry points", () => {
  it("are every function the runtime exports, but the dispatch reads plugins call and the stack-range links", async () => {
    const build = await buildRuntime({ collector: "incremental", memoryBase: 4096, tableBase: 1 });
    const functions = WebAssembly.Module.exports(new WebAssembly.Module(build.wasm as Uint8Array<ArrayBuffer>)).filter((e) => e.kind === "function");
    expect(functions.map((e) => e.name).sort()).toEqual(
      [...RUNTIME_ENTRY_POINTS, ...Object.keys(DISPATCH_FUNCTIONS), ...Object.keys(STACK_RANGE_FUNCTIONS), ...Object.keys(THREAD_FUNCTIONS)].sort(),
    );
    expect(RUNTIME_ENTRY_POINTS.slice(0, Object.keys(RUNTIME_FUNCTIONS).length)).toEqual(Object.keys(RUNTIME_FUNCTIONS));
  });

  for (const collector of COLLECTORS) {
    describe(`(${collector} collector)`, () => {
      it("record themselves only while they run: zero again after every call that returns", async () => {
        const { rt, entries } = await instantiate(collector);
        const a = rt.__new(16, 2);
        const b = rt.__new(8, 1);
        rt.__pin(a);
        rt.__link(a, b, 0);
        rt.__visit(a, 0);
        const c = rt.__renew(b, 4096);
        rt.__unpin(a);
        rt.__collect();
        rt.__free(rt.__alloc(100));
        rt.__typeinfo(2);
        rt.__shared_abi_version();
        expect(c).toBeGreaterThan(0);
        expect(entries()).toBe(0);
      });

      it("treat a check that fails before anything changed as an ordinary failure: nothing recorded, the heap usable", async () => {
        const { rt, entries, aborts } = await instantiate(collector);
        const a = rt.__new(16, 2);
        rt.__pin(a);
        expect(String(fails(() => rt.__pin(a)))).toBe("Error: abort: Object already pinned");
        expect(entries()).toBe(0);
        rt.__unpin(a);
        expect(String(fails(() => rt.__unpin(a)))).toBe("Error: abort: Object is not pinned");
        expect(entries()).toBe(0);
        expect(String(fails(() => rt.__new(0x7fff_fff0, 2)))).toBe("Error: abort: Allocation too large");
        expect(String(fails(() => rt.__alloc(0x7fff_fff0)))).toBe("Error: abort: Allocation too large");
        expect(entries()).toBe(0);
        expect(aborts).toEqual(["Object already pinned", "Object is not pinned", "Allocation too large", "Allocation too large"]);
        expect(rt.__new(16, 2)).toBeGreaterThan(0);
      });

      it("treat running out of memory as an ordinary failure", async () => {
        const { rt, entries, memory } = await instantiate(collector, 0);
        const max = memory.buffer.byteLength;
        const error = fails(() => {
          for (;;) rt.__pin(rt.__new(1 << 16, 1)); // pinned, so the collector cannot make room
        });
        expect(error).toBeInstanceOf(WebAssembly.RuntimeError);
        expect((error as Error).message).toBe("unreachable");
        expect(memory.buffer.byteLength).toBe(max);
        expect(entries()).toBe(0);
      });

      it("stay recorded when a trap interrupts them", async () => {
        const { rt, entries, aborts } = await instantiate(collector);
        // An object of a class id no plugin registered: the collector cannot visit it.
        rt.__pin(rt.__new(8, 40));
        expect(String(fails(() => rt.__collect()))).toBe("Error: abort: shared-rt: object of a class id no registered plugin owns");
        expect(aborts).toEqual(["shared-rt: object of a class id no registered plugin owns"]);
        expect(entries()).toBe(RUNTIME_ENTRY_POINTS.indexOf("__collect") + 1);
      });

      /** A plugin whose globals visitor calls `name(ptr, 0)` (a runtime function) with an address outside the memory. */
      const faultyVisitor = (name: string, fn: (ptr: number, cookie: number) => number) => {
        const module = new binaryen.Module();
        module.addFunctionImport(name, "shared-rt", name, binaryen.createType([binaryen.i32, binaryen.i32]), binaryen.i32);
        const call = module.call(name, [module.i32.const(0x7ffffff0), module.i32.const(0)], binaryen.i32);
        module.addFunction("visitGlobals", binaryen.i32, binaryen.none, [], module.drop(call));
        module.addFunctionExport("visitGlobals", "visitGlobals");
        const bytes = module.emitBinary();
        module.dispose();
        return new WebAssembly.Instance(new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>), { "shared-rt": { [name]: fn } }).exports.visitGlobals;
      };

      it("stay recorded, outermost in the higher bits, when an entry point called back during a collection traps", async () => {
        const { rt, entries, table } = await instantiate(collector);
        table.set(7, faultyVisitor("__renew", rt.__renew) as never);
        expect(rt.__shared_register(ABI_VERSION, 7, 7, 0, 0, 0)).toBe(0);
        const error = fails(() => rt.__collect());
        expect(error).toBeInstanceOf(WebAssembly.RuntimeError);
        expect((error as Error).message).toBe("memory access out of bounds");
        expect(entries()).toBe(((RUNTIME_ENTRY_POINTS.indexOf("__collect") + 1) << 4) | (RUNTIME_ENTRY_POINTS.indexOf("__renew") + 1));
      });

      it("record a trap in __visit, called back by a plugin's visitor, as interrupting the collection", async () => {
        const { rt, entries, table } = await instantiate(collector);
        table.set(
          7,
          faultyVisitor("__visit", (ptr: number, cookie: number) => {
            rt.__visit(ptr, cookie);
            return 0;
          }) as never,
        );
        expect(rt.__shared_register(ABI_VERSION, 7, 7, 0, 0, 0)).toBe(0);
        expect(String(fails(() => rt.__collect()))).toBe("RuntimeError: memory access out of bounds");
        expect(entries()).toBe(RUNTIME_ENTRY_POINTS.indexOf("__collect") + 1);
      });
    });
  }
});
