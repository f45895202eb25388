/**
 * Virtual dispatch across plugins, the host's half (see @shared-rt/abi dispatch.ts): after a
 * plugin is registered, its override stubs and its classes' shared ancestors go into the
 * runtime's registry; when the runtime stops a call it cannot dispatch, the error names the
 * method and the object's class.
 */
import { DISPATCH_MISS_KINDS, RUNTIME_EXPORTS, dispatchRegistrations, type DispatchLayout } from "@shared-rt/abi";
import { LoadError, MissingOverride } from "./errors.js";
import type { HostContext, HostFace } from "./host-context.js";

/** What the host knows to name a method: `declaring:ordinal` → internal name, and generic methods by `declaring:ordinal`. */
export type DispatchNames = Map<string, string>;

/**
 * Refuses a plugin that numbers a method of a shared class differently from a plugin already
 * loaded (its shared file is another version): the runtime would call the wrong method. Runs
 * before the plugin is registered, so a refused plugin leaves nothing behind.
 */
export function checkDispatch<H extends HostFace>(ctx: HostContext<H>, name: string, dispatch: DispatchLayout | undefined): void {
  for (const stub of dispatch?.stubs ?? []) {
    if (stub.ordinal === undefined) continue;
    const known = ctx.dispatchNames.get(`${stub.declaring}:${stub.ordinal}`);
    if (known !== undefined && known !== stub.method) {
      throw new LoadError(
        "CLASS_LAYOUT_MISMATCH",
        name,
        `plugin '${name}' has '${stub.method}' where a plugin loaded before it has '${known}' (method ${stub.ordinal} of class id ${stub.declaring}): they were built from different versions of a shared file`,
      );
    }
  }
}

/** Registers `dispatch` of plugin `name` (checked with {@link checkDispatch} before). */
export function registerDispatch<H extends HostFace>(ctx: HostContext<H>, name: string, dispatch: DispatchLayout | undefined): void {
  if (!dispatch) return;
  const set = ctx.rt[RUNTIME_EXPORTS.dispatchSet] as (classId: number, declaring: number, ordinal: number, value: number) => void;
  // On a threaded host the registry is shared: worker 0 fills it.
  if (!ctx.thread || ctx.thread.index === 0) {
    ctx.calls.run(name, RUNTIME_EXPORTS.dispatchSet, () => {
      for (const [id, declaring, ordinal, value] of dispatchRegistrations(dispatch)) set(id, declaring, ordinal, value);
    });
  }
  for (const stub of dispatch.stubs) if (stub.ordinal !== undefined) ctx.dispatchNames.set(`${stub.declaring}:${stub.ordinal}`, stub.method);
  for (const stub of dispatch.stubs) if (stub.ordinal === undefined) ctx.dispatchNames.set(`generic ${stub.declaring}`, stub.method);
}

/**
 * The error for the miss the runtime recorded before it aborted, or undefined when the abort
 * was not a dispatch miss. Clears the record.
 */
export function dispatchMiss<H extends HostFace>(ctx: HostContext<H>): MissingOverride | undefined {
  const global = ctx.rt[RUNTIME_EXPORTS.dispatchMiss] as WebAssembly.Global | undefined;
  if (!global) return undefined;
  const record = new Uint32Array(ctx.memory.buffer, global.value as number, 4);
  const [id, declaring, ordinal, kind] = record;
  if (!kind) return undefined;
  record.fill(0);
  const owner = ctx.classes.owner(id);
  const cls = owner.name ? `${owner.name} (class id ${id}, plugin '${owner.plugin}')` : `an unknown class (id ${id}, which no loaded plugin registered)`;
  const declaringName = ctx.classes.owner(declaring).name ?? `class id ${declaring}`;
  if (kind === DISPATCH_MISS_KINDS.generic) {
    const method = ctx.dispatchNames.get(`generic ${declaring}`) ?? `a generic method of ${declaringName}`;
    return new MissingOverride(`${method} is generic and cannot be dispatched to ${cls}: each plugin instantiates generic methods for its own calls only`);
  }
  const method = ctx.dispatchNames.get(`${declaring}:${ordinal}`) ?? `method ${ordinal} of ${declaringName}`;
  if (kind === DISPATCH_MISS_KINDS.abstract) return new MissingOverride(`${cls} has no implementation of the abstract ${method}`);
  return new MissingOverride(
    `no implementation of ${method} is registered for ${cls}: the plugin that owns the class was built without it, or the object is not what it claims`,
  );
}
