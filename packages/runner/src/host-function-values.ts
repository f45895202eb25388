/**
 * Host functions called with JS values. A plugin's `@external("host", "f")` declaration is
 * recorded with its AssemblyScript signature (the manifest's `ManifestImport.signature`); the
 * function the project's host module (or `hostImports`, `pluginImports`) gives for it is
 * wrapped so that it receives its arguments lifted (lift-values.ts, as `call` lifts results:
 * strings, arrays, Map, Set, typed arrays, i64 as bigint, bool, null; a class stays its
 * address) and its result is lowered into the shared heap (lower-values.ts, as `call` lowers
 * arguments, with the importing plugin's class ids).
 *
 * The result is returned unpinned, like `host.lower`: objects lowering builds on the way are
 * pinned until the whole value is built and linked, and nothing allocates between the last
 * unpin and the plugin receiving the pointer, which its shadow stack then keeps.
 *
 * A result declared `Future<T>` (@shared-rt/futures) takes a Promise (or a value): the plugin
 * gets a pending future that the host's executor completes when the Promise settles, with the
 * value converted by T, or fails with the rejection's message (futures-executor.ts).
 *
 * Not converted: an import without a recorded signature (older builds), the standard `env`
 * imports, and a function or namespace marked with {@link raw}, which receives wasm values as
 * they are (pointers as numbers) and returns one.
 */
import type { ExportSignature } from "@shared-rt/abi";
import { isReference, parseType, type AsType } from "./as-types.js";
import { SharedRtError, ValueError } from "./errors.js";
import type { HostContext, HostFace } from "./host-context.js";
import { futureValueType } from "./future-values.js";
import { executorOf } from "./futures-executor.js";
import { lift } from "./lift-values.js";
import { lowerScalar } from "./lower-values.js";
import type { Site } from "./value-messages.js";

/** The mark {@link raw} puts on a function or namespace (`Symbol.for`, so that two copies of the runner agree). */
export const RAW_HOST_FUNCTION: unique symbol = Symbol.for("@shared-rt/runner.raw");

/**
 * What {@link raw} marks `T` with. `plugins.d.ts` accepts a marked function (or namespace) where
 * its `HostImports` declares a typed one; the mark has no call signature, so it leaves a
 * function written in place typed by the declaration.
 */
export type Raw<T extends object = object> = T & { readonly [RAW_HOST_FUNCTION]: true };

/**
 * Marks a host function, or a whole namespace of them, to receive the wasm values as they are
 * (a string as its address, an i64 as a bigint, a bool as 0 or 1) and to return one: the
 * behaviour before host functions were converted, for code that reads pointers itself
 * (`host.readString(ptr)`, `host.lift`, `host.own`). Returns `fn`, marked.
 */
export function raw<T extends object>(fn: T): Raw<T> {
  if (Object.isExtensible(fn)) {
    Object.defineProperty(fn, RAW_HOST_FUNCTION, { value: true });
    return fn as Raw<T>;
  }
  // A frozen function cannot carry the mark: a marked wrapper calls it.
  if (typeof fn !== "function") throw new TypeError("raw() takes a host function or a namespace object that is not frozen");
  const call = fn as unknown as (...args: unknown[]) => unknown;
  return raw((...args: unknown[]) => call(...args)) as unknown as Raw<T>;
}

function isRaw(value: unknown): boolean {
  return (typeof value === "function" || (typeof value === "object" && value !== null)) && (value as Record<symbol, unknown>)[RAW_HOST_FUNCTION] === true;
}

/** Where a host import is, for messages: `host function 'host.log' imported by plugin 'app'`. */
export function describeImport(plugin: string, module: string, name: string): string {
  return `host function '${module}.${name}' imported by plugin '${plugin}'`;
}

/**
 * The function to give the plugin for host import `module.name`: `fn` itself when it is not a
 * function, is marked raw (or its namespace is), or no signature was recorded; else `fn`
 * wrapped to convert arguments and result by `signature`.
 */
export function hostFunction<H extends HostFace>(
  ctx: HostContext<H>,
  plugin: string,
  module: string,
  name: string,
  fn: unknown,
  namespace: object,
  signature: ExportSignature | undefined,
): unknown {
  if (typeof fn !== "function" || !signature || signature.result === "?" || isRaw(fn) || isRaw(namespace)) return fn;
  const call = fn as (...args: unknown[]) => unknown;
  const where = describeImport(plugin, module, name);
  const params = signature.params.map(parseType);
  const result = parseType(signature.result);
  const resultSite: Site = {
    plugin,
    what: `the result of ${where}`,
    declared: result.text,
    fail: (code, message) => new ValueError(code === "BAD_ARGUMENT" ? "BAD_VALUE" : code, result.text, message),
  };
  const future = futureValueType(result, signature.bases);
  const lowerResult = future
    ? (value: unknown) => executorOf(ctx).fromPromise(value, future, plugin, { ...resultSite, declared: future.text })
    : resultLowering(ctx, result, resultSite);
  return (...wasmArgs: unknown[]) => {
    const args = new Array<unknown>(params.length);
    for (let i = 0; i < params.length; ++i) args[i] = liftArgument(ctx, wasmArgs[i], params[i], i, where);
    return lowerResult(call(...args));
  };
}

/** An argument the plugin passed, copied into JS; a failure is a ValueError naming import and type. */
export function liftArgument<H extends HostFace>(ctx: HostContext<H>, value: unknown, type: AsType, index: number, where: string): unknown {
  if (isReference(type) && type.kind !== "class" && value !== 0 && !ctx.heap.plausible(value as number)) {
    throw new ValueError("BAD_VALUE", type.text, `${argumentText(index, where, type)}, but the plugin passed address ${String(value)}, which is not an object`);
  }
  try {
    return lift(ctx.heap, value, type);
  } catch (error) {
    if (error instanceof SharedRtError) throw error;
    throw new ValueError(
      "BAD_VALUE",
      type.text,
      `${argumentText(index, where, type)}, but it cannot be read at address ${String(value)}: ${(error as Error).message}`,
    );
  }
}

/** `argument 2 of host function 'host.f' imported by plugin 'app' is string`; built only on failure (this runs for every argument of every call). */
function argumentText(index: number, where: string, type: AsType): string {
  return `argument ${index + 1} of ${where} is ${type.text}`;
}

/** Turns a host function's JS result into the wasm value its plugin expects. */
export function resultLowering<H extends HostFace>(ctx: HostContext<H>, type: AsType, site: Site): (value: unknown) => unknown {
  if (!isReference(type)) {
    if (type.kind === "void") return () => undefined;
    return (value) => lowerScalar(value, type.name, type, site, "");
  }
  return (value) => {
    // Parts built before the whole value is linked stay pinned until it is; the value itself
    // goes back unpinned (see the file comment).
    const temps: number[] = [];
    try {
      return ctx.lowering.lowerRef(value, type, site, temps, "");
    } finally {
      for (const ptr of temps) ctx.pins.unpin(ptr);
    }
  };
}
