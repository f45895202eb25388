/**
 * Straight-line waiting with JSPI: `host.callAsync(plugin, export, …args)` runs an export that
 * may call host imports the project lists in `"async"` (manifest `ManifestImport.async`) as if
 * they were synchronous; when one returns a Promise the call suspends, and the Promise that
 * `callAsync` returned settles when the export finally returns. Many calls may be suspended at
 * once and resume in any order.
 *
 * JSPI switches only the wasm stack, while AssemblyScript keeps references on the shadow stack
 * in linear memory, one region for the whole memory. So every call started here runs on a
 * **segment** of its own, a block from the runtime's allocator:
 *
 * ```
 *  block ─▶ ┌────────┬──────────────────────────────┬──────────────────┐
 *           │ canary │ frames grow down ◀── sp      │ stack-range record│ (@shared-rt/abi STACK_RANGE_RECORD)
 *           └────────┴──────────────────────────────┴──────────────────┘
 *            16 bytes  base                     top = record
 * ```
 *
 * linked into the runtime's list of extra stacks (assembly/stack-segments.ts), so the collector
 * scans `[sp, top)` of a suspended call as roots: what only a suspended call references
 * survives any number of collections, and its frames are intact when it resumes. The stack
 * pointer is set and restored in wasm by two trampolines (wasm-trampolines.ts). The minimal
 * collector keeps references in wasm locals, which no scan sees: there `collect()` waits until
 * no call is pending (see {@link AsyncCalls.deferCollect}).
 *
 * Limits: a segment's overflow is not stopped (plugins check the stack against the runtime's
 * `__stack_limit`, an immutable import below every segment); a canary finds it when the call
 * settles and the host then refuses further calls (HEAP_CORRUPT).
 */
import { RUNTIME_GLOBAL_NAMES, STACK_RANGE_RECORD, type ManifestImport } from "@shared-rt/abi";
import { isReference, parseType } from "./as-types.js";
import { checkArity } from "./default-arguments.js";
import { LoadError, PluginCallError, ValueError } from "./errors.js";
import { afterWasm } from "./futures-executor.js";
import type { HostContext, HostFace, LoadedPlugin } from "./host-context.js";
import { describeImport, liftArgument, resultLowering } from "./host-function-values.js";
import { lift } from "./lift-values.js";
import type { Site } from "./value-messages.js";
import { exportTrampoline, importTrampoline } from "./wasm-trampolines.js";

type WasmFunction = (...args: unknown[]) => unknown;
interface Jspi {
  Suspending: new (fn: WasmFunction) => unknown;
  promising: (fn: WasmFunction) => (...args: unknown[]) => Promise<unknown>;
}

const jspi = WebAssembly as unknown as Partial<Jspi>;

/** Whether this engine has JSPI (`WebAssembly.Suspending` and `WebAssembly.promising`). */
export function hasJspi(): boolean {
  return typeof jspi.Suspending === "function" && typeof jspi.promising === "function";
}

/** The engine, for messages: `Node v20.20.2`, or the browser's user agent. */
export function engineName(): string {
  const proc = (globalThis as { process?: { versions?: { node?: string }; version?: string } }).process;
  if (proc?.versions?.node) return `Node ${proc.version}`;
  return (globalThis as { navigator?: { userAgent?: string } }).navigator?.userAgent ?? "this engine";
}

/** Bytes of a segment by default: frames of the call and of everything it calls synchronously. */
export const DEFAULT_ASYNC_STACK_SIZE = 16 * 1024;
const CANARY = 0xa5a5a5a5;
const CANARY_BYTES = 16;
/** The record sits at the top, 16-aligned like the stack pointer asc keeps. */
const RECORD_BYTES = 32;

const calls = new WeakMap<HostContext<HostFace>, AsyncCalls>();

/** The host's async calls, made on first use. */
export function asyncCallsOf(ctx: HostContext<HostFace>, stackSize?: number): AsyncCalls {
  let found = calls.get(ctx);
  if (!found) {
    found = new AsyncCalls(ctx, stackSize ?? DEFAULT_ASYNC_STACK_SIZE);
    calls.set(ctx, found);
  }
  return found;
}

/** Collections wait while calls are pending under the minimal collector (undefined if none was made). */
export function pendingAsyncCalls(ctx: HostContext<HostFace>): AsyncCalls | undefined {
  return calls.get(ctx);
}

interface Runtime {
  __alloc(size: number): number;
  __free(ptr: number): void;
  __shared_stack_link?(record: number): void;
  __shared_stack_unlink?(record: number): void;
}

export class AsyncCalls {
  /** The record of the stack running now, 0 on the main stack (wasm-trampolines.ts). */
  readonly cur = new WebAssembly.Global({ value: "i32", mutable: true }, 0);
  /** The runtime's `__stack_pointer`; a stand-in under the minimal collector, which has none. */
  readonly sp: WebAssembly.Global;
  /** The main stack's top: the stack pointer whenever no wasm runs. */
  readonly idle: number;
  /** Calls started and not settled. */
  pending = 0;
  /** The most calls pending at once so far. */
  peak = 0;
  private collectWaiting = false;
  private readonly shadow: boolean;
  private readonly pool: number[] = [];
  /** Results lifted by the export trampoline, by the record of their call. */
  private readonly results = new Map<number, unknown>();
  private readonly trampolines = new WeakMap<LoadedPlugin, Map<string, (...args: unknown[]) => Promise<unknown>>>();

  constructor(
    private readonly ctx: HostContext<HostFace>,
    /** Bytes of one segment. */
    readonly stackSize: number,
  ) {
    const rtSp = ctx.rt[RUNTIME_GLOBAL_NAMES.stackPointer];
    this.shadow = ctx.manifest.collector === "incremental" && rtSp !== undefined;
    this.sp = this.shadow ? rtSp! : new WebAssembly.Global({ value: "i32", mutable: true }, 0);
    this.idle = this.shadow ? ctx.manifest.runtime.stackTop : 0;
  }

  private get rt(): Runtime {
    return this.ctx.rt as unknown as Runtime;
  }

  /**
   * Under the minimal collector, whether `collect()` must wait: references of suspended calls
   * are in wasm locals. It then runs when the last pending call settles.
   */
  deferCollect(): boolean {
    if (this.shadow || this.pending === 0) return false;
    this.collectWaiting = true;
    return true;
  }

  /** The function a plugin imports for async host import `imp` (see wasm-trampolines.ts). */
  importFunction(plugin: string, imp: ManifestImport, fn: unknown): unknown {
    if (typeof fn !== "function") return fn;
    const where = describeImport(plugin, imp.module, imp.name);
    if (!imp.signature) throw new LoadError("BAD_HOST_MODULE", plugin, `${where} is listed in "async" but its signature was not recorded; rebuild the plugin`);
    const params = imp.signature.params.map(parseType);
    const result = parseType(imp.signature.result);
    const site: Site = {
      plugin,
      what: `the result of ${where}`,
      declared: result.text,
      fail: (code, message) => new ValueError(code === "BAD_ARGUMENT" ? "BAD_VALUE" : code, result.text, message),
    };
    const lower = resultLowering(this.ctx, result, site);
    const pins = this.ctx.pins;
    // Pinned from lowering until the call resumes (other calls may collect in between); the
    // import trampoline unpins it. Without JSPI nothing runs in between and nothing unpins.
    const pinResult = isReference(result) && hasJspi();
    const lowerPinned = (value: unknown) => {
      const wasm = lower(value);
      if (pinResult && wasm) pins.pin(wasm as number);
      return wasm;
    };
    const call = fn as WasmFunction;
    const { sp, cur, ctx, idle } = this;
    const hostSide = (...wasmArgs: unknown[]) => {
      const record = cur.value as number;
      if (record) {
        ctx.heap.setU32(record + STACK_RANGE_RECORD.sp, sp.value as number);
        sp.value = idle;
        cur.value = 0;
      }
      const args = params.map((type, i) => liftArgument(ctx, wasmArgs[i], type, i, where));
      const value = call(...args);
      if (!isThenable(value)) return lowerPinned(value);
      if (!record || !hasJspi()) {
        const why = hasJspi() ? "outside a call started with host.callAsync" : `and ${engineName()} has no JSPI (WebAssembly.Suspending)`;
        throw new PluginCallError("NOT_ASYNC_CALL", plugin, imp.name, `${where} returned a Promise ${why}: start the call with host.callAsync`);
      }
      return Promise.resolve(value).then(lowerPinned);
    };
    if (!hasJspi()) return hostSide;
    const resumed = (ptr: number) => {
      if (ptr) pins.unpin(ptr);
      return ptr;
    };
    const module = new WebAssembly.Module(importTrampoline(params, result) as Uint8Array<ArrayBuffer>);
    const t = { f: new jspi.Suspending!(hostSide), resumed, sp, cur };
    return new WebAssembly.Instance(module, { t } as unknown as WebAssembly.Imports).exports.f;
  }

  /** Starts `pluginName.exportName` on a segment of its own; see the file comment. */
  call(plugin: LoadedPlugin, exportName: string, args: unknown[]): Promise<unknown> {
    const ctx = this.ctx;
    const name = plugin.name;
    if (!hasJspi()) {
      throw new PluginCallError(
        "JSPI_UNAVAILABLE",
        name,
        exportName,
        `${name}.${exportName}: host.callAsync needs JSPI (WebAssembly.Suspending and WebAssembly.promising), which ${engineName()} does not have (Node 24.22+/25+, Chrome 137+, Firefox 153+)`,
      );
    }
    ctx.calls.refuseCall(name, exportName);
    if (this.sp.value !== this.idle || this.cur.value !== 0) {
      throw new PluginCallError(
        "ASYNC_NESTED",
        name,
        exportName,
        `${name}.${exportName}: host.callAsync cannot start while a synchronous call into wasm is running; start it from an async host function or after the call`,
      );
    }
    const recorded = plugin.manifest.exports[exportName];
    const run = this.trampoline(plugin, exportName);
    checkArity(name, exportName, recorded, args.length);
    const params = recorded.params.map(parseType);
    if (args.length !== params.length) {
      throw new PluginCallError(
        "BAD_ARGUMENT",
        name,
        exportName,
        `${name}.${exportName}: host.callAsync passes every argument (${params.length}), found ${args.length}`,
      );
    }
    const temps: number[] = [];
    const block = this.takeSegment(name, exportName);
    const record = block + this.stackSize - RECORD_BYTES;
    let started: Promise<unknown>;
    this.pending++;
    this.peak = Math.max(this.peak, this.pending);
    try {
      const site = (i: number): Site => ({
        plugin: name,
        what: `argument ${i + 1} of ${name}.${exportName}`,
        declared: params[i].text,
        fail: (code, message) => new PluginCallError(code, name, exportName, message),
      });
      const lowered = params.map((type, i) => ctx.lowering.lowerArgument(args[i], type, site(i), temps));
      started = run(record, record, ...lowered);
    } catch (error) {
      started = Promise.reject(error);
    } finally {
      this.sp.value = this.idle;
      this.cur.value = 0;
    }
    return started
      .then(
        () => {
          this.checkCanary(block, name, exportName);
          const value = this.results.get(record);
          this.results.delete(record);
          return value;
        },
        (error) => {
          // A trap leaves the stack pointer inside the segment; no wasm runs in this microtask.
          this.sp.value = this.idle;
          this.cur.value = 0;
          this.checkCanary(block, name, exportName);
          throw ctx.calls.failure(name, exportName, error);
        },
      )
      .finally(() => this.settle(block, temps));
  }

  private settle(block: number, temps: number[]): void {
    const record = block + this.stackSize - RECORD_BYTES;
    if (this.shadow) this.rt.__shared_stack_unlink!(record);
    this.results.delete(record);
    for (const ptr of temps) this.ctx.pins.unpin(ptr);
    if (this.pool.length < 64) this.pool.push(block);
    else this.rt.__free(block);
    this.pending--;
    afterWasm(this.ctx);
    if (this.pending === 0 && this.collectWaiting) {
      this.collectWaiting = false;
      this.ctx.rt.__collect();
    }
  }

  /** A segment, its canary written and its record linked (an empty stack: sp = top). */
  private takeSegment(plugin: string, exportName: string): number {
    let block = this.pool.pop();
    if (block === undefined) {
      try {
        block = this.rt.__alloc(this.stackSize);
      } catch (error) {
        throw new PluginCallError(
          "ASYNC_LIMIT",
          plugin,
          exportName,
          `${plugin}.${exportName}: no memory for another suspended call's stack (${this.stackSize} bytes) with ${this.pending} calls pending`,
          { cause: error },
        );
      }
    }
    const heap = this.ctx.heap;
    for (let k = 0; k < CANARY_BYTES; k += 4) heap.setU32(block + k, CANARY);
    const record = block + this.stackSize - RECORD_BYTES;
    heap.setU32(record + STACK_RANGE_RECORD.sp, record);
    heap.setU32(record + STACK_RANGE_RECORD.base, block + CANARY_BYTES);
    heap.setU32(record + STACK_RANGE_RECORD.top, record);
    if (this.shadow) this.rt.__shared_stack_link!(record);
    return block;
  }

  private checkCanary(block: number, plugin: string, exportName: string): void {
    for (let k = 0; k < CANARY_BYTES; k += 4) {
      if (this.ctx.heap.u32(block + k) !== CANARY) {
        this.ctx.calls.corrupt(`a stack segment of ${this.stackSize} bytes overflowed`, `during an async call to ${plugin}.${exportName}`);
        throw new PluginCallError(
          "HEAP_CORRUPT",
          plugin,
          exportName,
          `${plugin}.${exportName} overflowed its stack segment (${this.stackSize} bytes; load option asyncStackSize): the heap below it may be overwritten`,
        );
      }
    }
  }

  /** `promising` around the export trampoline of `plugin.exportName` (made once). */
  private trampoline(plugin: LoadedPlugin, exportName: string): (...args: unknown[]) => Promise<unknown> {
    let ofPlugin = this.trampolines.get(plugin);
    if (!ofPlugin) {
      ofPlugin = new Map();
      this.trampolines.set(plugin, ofPlugin);
    }
    let run = ofPlugin.get(exportName);
    if (!run) {
      const fn = (plugin.instance.exports as Record<string, unknown>)[exportName];
      const recorded = plugin.manifest.exports[exportName];
      if (typeof fn !== "function" || !recorded) {
        throw new PluginCallError("NO_SUCH_EXPORT", plugin.name, exportName, `plugin '${plugin.name}' has no exported function '${exportName}'`);
      }
      const result = parseType(recorded.result);
      const bytes = exportTrampoline(recorded.params.map(parseType), result, this.idle);
      // Lifted while the call is still in wasm: see exportTrampoline.
      const finished = (raw: unknown) => {
        this.results.set(this.cur.value as number, lift(this.ctx.heap, raw, result));
        return raw;
      };
      const t = { f: fn, finished, sp: this.sp, cur: this.cur };
      const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>), { t } as unknown as WebAssembly.Imports);
      run = jspi.promising!(instance.exports.f as WasmFunction);
      ofPlugin.set(exportName, run);
    }
    return run;
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === "object" && value !== null && typeof (value as { then?: unknown }).then === "function";
}
