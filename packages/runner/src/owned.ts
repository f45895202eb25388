/**
 * Owned handles. Whatever a plugin returns is *borrowed*: the collector may free it at the next
 * allocation, so `call` copies it into a JS value before anything else runs. A handle keeps the
 * object itself alive instead: it pins it until `dispose()` (or the end of a `using` block).
 * A FinalizationRegistry unpins handles that are dropped without being disposed, but only as a
 * safety net: when it runs is up to the JS engine, and until then the object stays on the heap.
 */
import { hostError } from "./errors.js";
import { parseType, type AsType } from "./as-types.js";
import type { Pins } from "./pins.js";

// The published types must compile for a consumer without @types/node and without TypeScript's
// esnext.disposable lib (say `lib: ["es2022", "dom"]`), yet declare `[Symbol.dispose]` so that
// `using` type-checks. These are the declarations @types/node itself adds for the same reason;
// identical declarations of the lib or of @types/node merge with them.
declare global {
  interface SymbolConstructor {
    readonly dispose: unique symbol;
  }
  interface Disposable {
    [Symbol.dispose](): void;
  }
}

/** What a handle needs from its host. */
export interface HandleHost {
  readonly pins: Pins;
  lift(ptr: number, type: AsType): unknown;
  view(ptr: number, type: AsType): ArrayBufferView;
  /** Told about a handle that was garbage-collected without being disposed. */
  leaked(ptr: number, type: string): void;
}

interface Held {
  host: HandleHost;
  ptr: number;
  type: string;
}

const registry = new FinalizationRegistry<Held>(({ host, ptr, type }) => {
  host.pins.unpin(ptr);
  host.leaked(ptr, type);
});

/** An object on the shared heap, pinned for as long as the handle is not disposed. */
export class Owned<T = unknown> implements Disposable {
  /** The AssemblyScript type of the object, as the plugin's signature spells it. */
  readonly type: string;
  #host: HandleHost;
  #ptr: number;
  #parsed: AsType;
  #disposed = false;

  /** @internal Use `host.callOwned`, `host.own` or `host.allocate`. */
  constructor(host: HandleHost, ptr: number, type: string) {
    this.#host = host;
    this.#ptr = ptr;
    this.type = type;
    this.#parsed = parseType(type);
    host.pins.pin(ptr);
    registry.register(this, { host, ptr, type }, this);
  }

  /** The object's address. It stays valid, and the object alive, until {@link dispose}. */
  get ptr(): number {
    this.check("ptr");
    return this.#ptr;
  }

  /** A JS copy of the object, read now (a string, an array, a typed array, …). */
  get value(): T {
    this.check("value");
    return this.#host.lift(this.#ptr, this.#parsed) as T;
  }

  /**
   * A view of the object's elements in the shared memory, without copying: a `Uint16Array` of
   * a string's code units, a `Uint8Array` of an ArrayBuffer, a typed array of a typed array's or
   * a numeric array's elements. Writes go straight to the object. The view is valid only until
   * the next call into wasm: any allocation may grow the memory, which detaches every view.
   */
  view(): ArrayBufferView {
    this.check("view()");
    return this.#host.view(this.#ptr, this.#parsed);
  }

  get disposed(): boolean {
    return this.#disposed;
  }

  /** Unpins the object. Idempotent. */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    registry.unregister(this);
    this.#host.pins.unpin(this.#ptr);
  }

  [Symbol.dispose](): void {
    this.dispose();
  }

  /** Whether the object lives in `host`'s memory. @internal */
  ownedBy(host: HandleHost): boolean {
    return this.#host === host;
  }

  toString(): string {
    return `Owned<${this.type}>(${this.#disposed ? "disposed" : this.#ptr})`;
  }

  private check(what: string): void {
    if (this.#disposed) throw hostError("DISPOSED", `cannot read ${what} of an owned ${this.type} that was already disposed`);
  }
}
