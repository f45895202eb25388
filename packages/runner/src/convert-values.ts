/**
 * Converting JS values into AssemblyScript objects on the shared heap ("lowering") and back
 * ("lifting"), by the AssemblyScript type a plugin's signature records.
 *
 * Lowering allocates through the runtime (`__new`), so the collector may run in the middle of
 * it. Every object built here is therefore either pinned (listed in `temps`, unpinned by the
 * caller when the call is over) or stored into a pinned parent, with the write barrier
 * (`__link`), before the next allocation. Buffers that will hold references are zeroed before
 * anything can allocate, since the collector reads them.
 */
import {
  NUMERIC,
  TYPED_ARRAYS,
  className,
  displayName,
  isReference,
  parseType,
  type AsType,
  type NumericName,
  type RefType,
  type TypedArrayName,
} from "./as-types.js";
import type { ClassTable } from "./class-table.js";
import {
  ARRAY_LENGTH,
  ARRAY_SIZE,
  ARRAYBUFFER_ID,
  STRING_ID,
  TYPED_ARRAY_SIZE,
  VIEW_BUFFER,
  VIEW_BYTE_LENGTH,
  VIEW_DATA_START,
  readString,
  type HeapView,
} from "./heap-view.js";
import { Owned, type HandleHost } from "./owned.js";
import type { Pins } from "./pins.js";

export interface AllocFunctions {
  __new(size: number, id: number): number;
  __link(parent: number, child: number, expectMultiple: number): void;
}

/** Where a value is being converted, for error messages: `argument 2 of p.f`. */
export interface Site {
  /** The plugin whose class ids objects get (the one that receives them). */
  plugin: string | undefined;
  /** `argument 2 of p.f`, `the value`. */
  what: string;
  /** The declared type of the whole value, when converting a part of it (an element). */
  declared?: string;
  /** Builds the error to throw (a PluginCallError for a call). */
  fail(code: "BAD_ARGUMENT" | "UNSUPPORTED_TYPE", message: string): Error;
}

type TypedArrayCtor =
  | Int8ArrayConstructor
  | Uint8ArrayConstructor
  | Uint8ClampedArrayConstructor
  | Int16ArrayConstructor
  | Uint16ArrayConstructor
  | Int32ArrayConstructor
  | Uint32ArrayConstructor
  | Float32ArrayConstructor
  | Float64ArrayConstructor
  | BigInt64ArrayConstructor
  | BigUint64ArrayConstructor;

type AnyTypedArray = InstanceType<TypedArrayCtor>;

/** The JS typed array that mirrors an AssemblyScript typed array. */
function jsTypedArray(name: TypedArrayName): TypedArrayCtor {
  return name === "Uint8ClampedArray" ? Uint8ClampedArray : NUMERIC[TYPED_ARRAYS[name]].array;
}

function alignLog2(bytes: number): number {
  return 31 - Math.clz32(bytes);
}

/** A short description of a JS value for messages. */
export function describe(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "undefined";
  if (typeof value === "string") return value.length > 40 ? `${JSON.stringify(value.slice(0, 40))}… (${value.length} characters)` : JSON.stringify(value);
  if (typeof value === "bigint") return `${value}n`;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (value instanceof Owned) return `an owned handle of ${value.type}`;
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (value instanceof ArrayBuffer) return `ArrayBuffer(${value.byteLength})`;
  if (ArrayBuffer.isView(value)) return `${value.constructor.name}(${(value as AnyTypedArray).length ?? value.byteLength})`;
  if (typeof value === "function") return "a function";
  return `an object (${Object.prototype.toString.call(value).slice(8, -1)})`;
}

function at(path: string): string {
  return path ? ` at ${path}` : "";
}

function numberRange(name: NumericName): string {
  const { min, max } = NUMERIC[name];
  if (name === "bool") return "a boolean";
  if (name === "f32" || name === "f64") return "a number";
  return `an integer from ${min} to ${max}`;
}

export class Marshal {
  constructor(
    private readonly heap: HeapView,
    private readonly rt: AllocFunctions,
    private readonly classes: ClassTable,
    private readonly pins: Pins,
    /** The host whose memory this is: handles of other hosts' objects are copied, not passed. */
    private readonly owner?: HandleHost,
  ) {}

  // ── scalars ───────────────────────────────────────────────────────────────────────────────

  /** A JS number, bigint or boolean as the wasm value of numeric type `name`. */
  lowerScalar(value: unknown, name: NumericName, type: AsType, site: Site, path: string): number | bigint {
    const bad = () => site.fail("BAD_ARGUMENT", `${site.what} is ${site.declared ?? type.text}: expected ${numberRange(name)}${at(path)}, found ${describe(value)}`);
    if (name === "bool") {
      if (typeof value === "boolean") return value ? 1 : 0;
      if (value === 0 || value === 1) return value;
      throw bad();
    }
    const { min, max } = NUMERIC[name];
    if (name === "i64" || name === "u64") {
      const big = typeof value === "bigint" ? value : typeof value === "number" && Number.isSafeInteger(value) ? BigInt(value) : undefined;
      if (big === undefined || big < (min as bigint) || big > (max as bigint)) throw bad();
      return big;
    }
    if (typeof value !== "number") throw bad();
    if (name === "f32" || name === "f64") return value;
    if (!Number.isInteger(value) || value < (min as number) || value > (max as number)) throw bad();
    return value;
  }

  /** A wasm result of numeric type `name` as JS sees it: unsigned types unsigned, bool a boolean. */
  liftScalar(raw: unknown, name: NumericName): number | bigint | boolean {
    switch (name) {
      case "bool":
        return raw !== 0;
      case "u8":
        return (raw as number) & 0xff;
      case "i8":
        return ((raw as number) << 24) >> 24;
      case "u16":
        return (raw as number) & 0xffff;
      case "i16":
        return ((raw as number) << 16) >> 16;
      case "u32":
      case "usize":
        return (raw as number) >>> 0;
      case "u64":
        return BigInt.asUintN(64, raw as bigint);
      default:
        return raw as number | bigint;
    }
  }

  // ── lowering ──────────────────────────────────────────────────────────────────────────────

  /**
   * Lowers an argument: a scalar as its wasm value, a reference as a pointer to an object that
   * stays pinned (listed in `temps`) until the caller unpins it.
   */
  lowerArgument(value: unknown, type: AsType, site: Site, temps: number[]): number | bigint {
    if (!isReference(type)) {
      if (type.kind === "void") throw site.fail("UNSUPPORTED_TYPE", `${site.what} has type void`);
      return this.lowerScalar(value, type.name, type, site, "");
    }
    const ptr = this.lowerRef(value, type, site.declared ? site : { ...site, declared: type.text }, temps, "");
    if (ptr) this.hold(ptr, temps);
    return ptr;
  }

  private hold(ptr: number, temps: number[]): void {
    this.pins.pin(ptr);
    temps.push(ptr);
  }

  private allocate(size: number, id: number, temps: number[] | undefined): number {
    const ptr = this.rt.__new(size, id);
    if (temps) this.hold(ptr, temps);
    return ptr;
  }

  /** The class id `type` has in the plugin receiving the object. */
  private classId(type: RefType, site: Site): number {
    const name = className(type);
    const found = this.classes.idOf(name, site.plugin);
    if (!found) {
      throw site.fail(
        "UNSUPPORTED_TYPE",
        `${site.what} is ${site.declared ?? type.text}, but no loaded plugin uses ${displayName(name)}, so it has no class id to allocate one with`,
      );
    }
    return found.id;
  }

  /**
   * Lowers a reference. Returns a pointer to an object that is reachable until the next
   * allocation (freshly made, or pinned in `temps`): the caller must store or pin it at once.
   */
  lowerRef(value: unknown, type: RefType, site: Site, temps: number[], path: string): number {
    const bad = (expected: string) => site.fail("BAD_ARGUMENT", `${site.what} is ${site.declared ?? type.text}: expected ${expected}${at(path)}, found ${describe(value)}`);
    if (value === null || value === undefined) {
      if (type.nullable && value === null) return 0;
      throw bad(this.expectation(type));
    }
    if (value instanceof Owned) {
      // An object in another memory (an isolated plugin's) crosses as a copy.
      if (this.owner && !value.ownedBy(this.owner)) return this.lowerRef(value.value, type, site, temps, path);
      return this.checkHandle(value, type, site, path);
    }
    switch (type.kind) {
      case "string":
        if (typeof value !== "string") throw bad(this.expectation(type));
        return this.newString(value);
      case "arraybuffer": {
        if (!(value instanceof ArrayBuffer) && !ArrayBuffer.isView(value)) throw bad(this.expectation(type));
        const bytes = value instanceof ArrayBuffer ? new Uint8Array(value) : new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
        const ptr = this.rt.__new(bytes.length, ARRAYBUFFER_ID);
        this.heap.u8.set(bytes, ptr);
        return ptr;
      }
      case "typedarray":
        return this.lowerTypedArray(value, type, site, temps, path, bad);
      case "array":
      case "staticarray":
        return this.lowerArray(value, type, site, temps, path, bad);
      case "class": {
        // No JS form: an address the plugin handed out (borrowed, so only valid until the next
        // allocation), checked to be an object of that class.
        if (typeof value !== "number") throw bad(this.expectation(type));
        return this.checkAddress(value, type, site, path);
      }
    }
  }

  private expectation(type: RefType): string {
    const orNull = type.nullable ? ", null" : "";
    switch (type.kind) {
      case "string":
        return `a string${orNull} or an owned string`;
      case "arraybuffer":
        return `an ArrayBuffer, a typed array${orNull} or an owned ArrayBuffer`;
      case "typedarray":
        return `a ${type.name === "Int64Array" ? "BigInt64Array" : type.name === "Uint64Array" ? "BigUint64Array" : type.name}, an array of numbers${orNull} or an owned ${type.name}`;
      case "array":
      case "staticarray":
        return `an array${orNull} or an owned ${type.text.replace(/\s*\|\s*null$/, "")}`;
      case "class":
        return `an owned ${type.name}${orNull} or its address`;
    }
  }

  /** Allocates `value` as a String (unpinned). */
  newString(value: string): number {
    const ptr = this.rt.__new(value.length << 1, STRING_ID);
    const units = new Uint16Array(this.heap.memory.buffer, ptr, value.length);
    for (let i = 0; i < value.length; ++i) units[i] = value.charCodeAt(i);
    return ptr;
  }

  private checkHandle(handle: Owned, type: RefType, site: Site, path: string): number {
    return this.checkAddress(handle.ptr, type, site, path, `an owned ${handle.type}`, parseType(handle.type));
  }

  /** Checks that `ptr` is an object of class `type` (or, as `claimed` by a handle, of a subclass); returns it. */
  checkAddress(ptr: number, type: RefType, site: Site, path: string, what?: string, claimed?: AsType): number {
    const found = what ?? `address ${ptr}`;
    if (!this.heap.plausible(ptr)) {
      throw site.fail("BAD_ARGUMENT", `${site.what} is ${site.declared ?? type.text}: expected ${this.expectation(type)}${at(path)}, found ${found}, which is not an object`);
    }
    const id = this.heap.classId(ptr);
    const owner = this.classes.owner(id);
    if (owner.name === undefined || !this.classes.accepts(owner.name, owner.plugin, type, claimed)) {
      const is = owner.name ? `a ${displayName(owner.name)} of ${owner.plugin === "runtime" ? "the runtime" : `plugin '${owner.plugin}'`}` : `an object of unknown class id ${id}`;
      throw site.fail("BAD_ARGUMENT", `${site.what} is ${site.declared ?? type.text}: expected ${displayName(className(type))}${at(path)}, found ${found}, which is ${is}`);
    }
    return ptr;
  }

  private lowerTypedArray(
    value: unknown,
    type: Extract<AsType, { kind: "typedarray" }>,
    site: Site,
    temps: number[],
    path: string,
    bad: (expected: string) => Error,
  ): number {
    const ctor = jsTypedArray(type.name);
    const element = NUMERIC[type.element];
    let data: AnyTypedArray;
    if (value instanceof ctor || (element.bytes === 1 && type.element === "u8" && (value instanceof Uint8Array || value instanceof Uint8ClampedArray))) {
      data = value as AnyTypedArray;
    } else if (Array.isArray(value)) {
      data = this.numbers(value, type.element, type, site, path) as AnyTypedArray;
    } else {
      throw bad(this.expectation(type));
    }
    const id = this.classId(type, site);
    const byteLength = data.length * element.bytes;
    const buffer = this.allocate(byteLength, ARRAYBUFFER_ID, temps);
    new (ctor as Uint8ArrayConstructor)(this.heap.memory.buffer, buffer, data.length).set(data as Uint8Array);
    const view = this.rt.__new(TYPED_ARRAY_SIZE, id);
    const dv = this.heap.dv;
    dv.setUint32(view + VIEW_BUFFER, buffer, true);
    dv.setUint32(view + VIEW_DATA_START, buffer, true);
    dv.setUint32(view + VIEW_BYTE_LENGTH, byteLength, true);
    this.rt.__link(view, buffer, 0);
    return view;
  }

  /** Checks an array of JS numbers against a numeric element type; returns them as a typed array. */
  private numbers(values: ArrayLike<unknown>, name: NumericName, type: AsType, site: Site, path: string): AnyTypedArray {
    const out = new NUMERIC[name].array(values.length);
    for (let i = 0; i < values.length; ++i) {
      (out as unknown as (number | bigint)[])[i] = this.lowerScalar(values[i], name, type, site, `${path}[${i}]`);
    }
    return out;
  }

  private lowerArray(
    value: unknown,
    type: Extract<AsType, { kind: "array" | "staticarray" }>,
    site: Site,
    temps: number[],
    path: string,
    bad: (expected: string) => Error,
  ): number {
    const isView = ArrayBuffer.isView(value) && !(value instanceof DataView);
    if (!Array.isArray(value) && !isView) throw bad(this.expectation(type));
    const items = value as ArrayLike<unknown>;
    const element = type.element;
    const id = this.classId(type, site);
    const length = items.length;
    if (!isReference(element)) {
      if (element.kind === "void") throw site.fail("UNSUPPORTED_TYPE", `${site.what} is ${site.declared ?? type.text}, an array of void`);
      const spec = NUMERIC[element.name];
      const data = isView && value instanceof spec.array && element.name !== "bool" ? (value as AnyTypedArray) : this.numbers(items, element.name, type, site, path);
      const byteLength = length * spec.bytes;
      let store: number;
      let result: number;
      if (type.kind === "staticarray") {
        result = store = this.rt.__new(byteLength, id);
      } else {
        store = this.allocate(byteLength, ARRAYBUFFER_ID, temps);
        result = this.newArrayObject(id, store, byteLength, length);
      }
      new (spec.array as Uint8ArrayConstructor)(this.heap.memory.buffer, store, length).set(data as Uint8Array);
      return result;
    }
    // Elements are references: the container must be pinned and reachable, with zeroed slots,
    // before the first element is allocated; each element is stored and linked right after.
    const byteLength = length * 4;
    let store: number;
    let parent: number;
    if (type.kind === "staticarray") {
      parent = store = this.allocate(byteLength, id, temps);
      this.heap.u8.fill(0, store, store + byteLength);
    } else {
      store = this.allocate(byteLength, ARRAYBUFFER_ID, temps);
      this.heap.u8.fill(0, store, store + byteLength);
      parent = this.newArrayObject(id, store, byteLength, length);
      this.hold(parent, temps);
    }
    for (let i = 0; i < length; ++i) {
      const child = this.lowerRef(items[i], element, site, temps, `${path}[${i}]`);
      this.heap.setU32(store + i * 4, child);
      this.rt.__link(parent, child, 1);
    }
    return parent;
  }

  /** An `Array<T>` object over `buffer` (which the caller keeps reachable), linked to it. */
  private newArrayObject(id: number, buffer: number, byteLength: number, length: number): number {
    const array = this.rt.__new(ARRAY_SIZE, id);
    const dv = this.heap.dv;
    dv.setUint32(array + VIEW_BUFFER, buffer, true);
    dv.setUint32(array + VIEW_DATA_START, buffer, true);
    dv.setUint32(array + VIEW_BYTE_LENGTH, byteLength, true);
    dv.setUint32(array + ARRAY_LENGTH, length, true);
    this.rt.__link(array, buffer, 0);
    return array;
  }

  // ── lifting ───────────────────────────────────────────────────────────────────────────────

  /** Copies the value `raw` of type `type` into a JS value. */
  lift(raw: unknown, type: AsType): unknown {
    if (!isReference(type)) return type.kind === "void" ? undefined : this.liftScalar(raw, type.name);
    return this.liftRef(raw as number, type);
  }

  liftRef(ptr: number, type: RefType): unknown {
    if (!ptr) return null;
    switch (type.kind) {
      case "string":
        return readString(this.heap.memory, ptr);
      case "arraybuffer":
        return this.heap.u8.slice(ptr, ptr + this.heap.size(ptr)).buffer;
      case "typedarray": {
        const ctor = jsTypedArray(type.name);
        const start = this.heap.u32(ptr + VIEW_DATA_START);
        const bytes = this.heap.u32(ptr + VIEW_BYTE_LENGTH);
        return new (ctor as Uint8ArrayConstructor)(this.heap.u8.slice(start, start + bytes).buffer);
      }
      case "array":
      case "staticarray": {
        const { start, length } = this.elements(ptr, type);
        const element = type.element;
        if (!isReference(element)) {
          if (element.kind === "void") return [];
          const spec = NUMERIC[element.name];
          const view = new (spec.array as Uint8ArrayConstructor)(this.heap.memory.buffer, start, length);
          return element.name === "bool" ? Array.from(view, (b) => b !== 0) : Array.from(view);
        }
        const out: unknown[] = new Array(length);
        for (let i = 0; i < length; ++i) out[i] = this.liftRef(this.heap.u32(start + i * 4), element);
        return out;
      }
      case "class":
        return ptr;
    }
  }

  /** Where an array's elements start, and how many there are. */
  private elements(ptr: number, type: Extract<AsType, { kind: "array" | "staticarray" }>): { start: number; length: number } {
    const size = isReference(type.element) ? 4 : type.element.kind === "void" ? 1 : NUMERIC[type.element.name].bytes;
    if (type.kind === "staticarray") return { start: ptr, length: this.heap.size(ptr) >>> alignLog2(size) };
    return { start: this.heap.u32(ptr + VIEW_DATA_START), length: this.heap.u32(ptr + ARRAY_LENGTH) };
  }

  /** A view of the object's elements in the shared memory (see `Owned.view`). */
  view(ptr: number, type: AsType): ArrayBufferView {
    const buffer = this.heap.memory.buffer;
    switch (type.kind) {
      case "string":
        return new Uint16Array(buffer, ptr, this.heap.size(ptr) >>> 1);
      case "arraybuffer":
        return new Uint8Array(buffer, ptr, this.heap.size(ptr));
      case "typedarray": {
        const ctor = jsTypedArray(type.name) as Uint8ArrayConstructor;
        const bytes = this.heap.u32(ptr + VIEW_BYTE_LENGTH);
        return new ctor(buffer, this.heap.u32(ptr + VIEW_DATA_START), bytes / NUMERIC[type.element].bytes);
      }
      case "array":
      case "staticarray": {
        if (type.element.kind === "number" || type.element.kind === "bigint" || type.element.kind === "bool") {
          const { start, length } = this.elements(ptr, type);
          return new (NUMERIC[type.element.name].array as Uint8ArrayConstructor)(buffer, start, length);
        }
        break;
      }
    }
    throw new TypeError(`an owned ${type.text} has no view: only strings, ArrayBuffers, typed arrays and arrays of numbers do`);
  }
}
