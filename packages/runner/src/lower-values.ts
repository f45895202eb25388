/**
 * Lowering: JS values into AssemblyScript objects on the shared heap, by the AssemblyScript
 * type a plugin's signature records.
 *
 * Lowering allocates through the runtime (`__new`), so the collector may run in the middle of
 * it. Every object built here is therefore either pinned (listed in `temps`, unpinned by the
 * caller when the call is over) or stored into a pinned parent, with the write barrier
 * (`__link`), before the next allocation. Buffers that will hold references are zeroed before
 * anything can allocate, since the collector reads them.
 */
import { ARRAYBUFFER_ID, STRING_ID } from "@shared-rt/abi";
import { NUMERIC, className, isReference, jsTypedArray, parseType, type AnyTypedArray, type AsType, type NumericName, type RefType } from "./as-types.js";
import type { ClassTable } from "./class-table.js";
import { ARRAY_LENGTH, ARRAY_SIZE, TYPED_ARRAY_SIZE, VIEW_BUFFER, VIEW_BYTE_LENGTH, VIEW_DATA_START, type HeapView } from "./heap-view.js";
import { lowerTable, refuseTable, type TableLowering } from "./lower-map-set.js";
import { Owned, type HandleHost } from "./owned.js";
import type { Pins } from "./pins.js";
import { arrayOfVoid, badNumber, expectation, noClassId, notAnObject, unexpected, voidValue, wrongClass, type Site } from "./value-messages.js";

export interface AllocFunctions {
  __new(size: number, id: number): number;
  __link(parent: number, child: number, expectMultiple: number): void;
}

type ArrayType = Extract<AsType, { kind: "array" | "staticarray" }>;
type TypedArrayType = Extract<AsType, { kind: "typedarray" }>;

/** A JS number, bigint or boolean as the wasm value of numeric type `name`. */
export function lowerScalar(value: unknown, name: NumericName, type: AsType, site: Site, path: string): number | bigint {
  const bad = () => badNumber(site, type, name, path, value);
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

/** Checks an array of JS numbers against a numeric element type; returns them as a typed array. */
function numbers(values: ArrayLike<unknown>, name: NumericName, type: AsType, site: Site, path: string): AnyTypedArray {
  const out = new NUMERIC[name].array(values.length);
  for (let i = 0; i < values.length; ++i) {
    (out as unknown as (number | bigint)[])[i] = lowerScalar(values[i], name, type, site, `${path}[${i}]`);
  }
  return out;
}

/** Lowers JS values into one memory, allocating with the class ids of the plugin that receives them. */
export class Lowering implements TableLowering {
  constructor(
    readonly heap: HeapView,
    private readonly rt: AllocFunctions,
    private readonly classes: ClassTable,
    private readonly pins: Pins,
    /** The host whose memory this is: handles of other hosts' objects are copied, not passed. */
    private readonly owner?: HandleHost,
  ) {}

  /**
   * Lowers an argument: a scalar as its wasm value, a reference as a pointer to an object that
   * stays pinned (listed in `temps`) until the caller unpins it.
   */
  lowerArgument(value: unknown, type: AsType, site: Site, temps: number[]): number | bigint {
    if (!isReference(type)) {
      if (type.kind === "void") throw voidValue(site);
      return lowerScalar(value, type.name, type, site, "");
    }
    const ptr = this.lowerRef(value, type, site.declared ? site : { ...site, declared: type.text }, temps, "");
    if (ptr) this.hold(ptr, temps);
    return ptr;
  }

  /**
   * Lowers a reference. Returns a pointer to an object that is reachable until the next
   * allocation (freshly made, or pinned in `temps`): the caller must store or pin it at once.
   */
  lowerRef(value: unknown, type: RefType, site: Site, temps: number[], path: string): number {
    const bad = () => unexpected(site, type, expectation(type), path, value);
    if (value === null || value === undefined) {
      if (type.nullable && value === null) return 0;
      throw bad();
    }
    if (value instanceof Owned) {
      // An object in another memory (an isolated plugin's) crosses as a copy.
      if (this.owner && !value.ownedBy(this.owner)) return this.lowerRef(value.value, type, site, temps, path);
      return this.checkAddress(value.ptr, type, site, path, `an owned ${value.type}`, parseType(value.type));
    }
    switch (type.kind) {
      case "string":
        if (typeof value !== "string") throw bad();
        return this.newString(value);
      case "arraybuffer":
        if (!(value instanceof ArrayBuffer) && !ArrayBuffer.isView(value)) throw bad();
        return this.newArrayBuffer(value);
      case "typedarray":
        return this.lowerTypedArray(value, type, site, temps, path, bad);
      case "array":
      case "staticarray":
        return this.lowerArray(value, type, site, temps, path, bad);
      case "map":
      case "set":
        // A JS Map or Set; or, as for a class, an address.
        if (typeof value === "number") return this.checkAddress(value, type, site, path);
        return lowerTable(this, value, type, site, temps, path, bad);
      case "class":
        // No JS form: an address the plugin handed out (borrowed, so only valid until the next
        // allocation), checked to be an object of that class.
        refuseTable(value, type, site);
        if (typeof value !== "number") throw bad();
        return this.checkAddress(value, type, site, path);
    }
  }

  /** Allocates `value` as a String (unpinned). */
  newString(value: string): number {
    const ptr = this.rt.__new(value.length << 1, STRING_ID);
    const units = new Uint16Array(this.heap.memory.buffer, ptr, value.length);
    for (let i = 0; i < value.length; ++i) units[i] = value.charCodeAt(i);
    return ptr;
  }

  /** Checks that `ptr` is an object of class `type` (or, as `claimed` by a handle, of a subclass); returns it. */
  checkAddress(ptr: number, type: RefType, site: Site, path: string, what?: string, claimed?: AsType): number {
    const found = what ?? `address ${ptr}`;
    if (!this.heap.plausible(ptr)) throw notAnObject(site, type, path, found);
    const id = this.heap.classId(ptr);
    const owner = this.classes.owner(id);
    if (owner.name === undefined || !this.classes.accepts(owner.name, owner.plugin, type, claimed)) throw wrongClass(site, type, path, found, owner, id);
    return ptr;
  }

  /** A scalar as its wasm value, a reference as an object reachable until the next allocation. @internal */
  lowerValue(value: unknown, type: AsType, site: Site, temps: number[], path: string): number | bigint {
    if (isReference(type)) return this.lowerRef(value, type, site, temps, path);
    if (type.kind === "void") throw voidValue(site);
    return lowerScalar(value, type.name, type, site, path);
  }

  /** Pins `ptr` until the caller releases `temps`. @internal */
  hold(ptr: number, temps: number[]): void {
    this.pins.pin(ptr);
    temps.push(ptr);
  }

  /** Allocates an object; pinned (listed in `temps`) if `temps` is given. @internal */
  allocate(size: number, id: number, temps?: number[]): number {
    const ptr = this.rt.__new(size, id);
    if (temps) this.hold(ptr, temps);
    return ptr;
  }

  /** The write barrier for storing `child` into `parent`, a container receiving many stores. @internal */
  link(parent: number, child: number): void {
    this.rt.__link(parent, child, 1);
  }

  /** The class id `type` has in the plugin receiving the object. @internal */
  classId(type: RefType, site: Site): number {
    const name = className(type);
    const found = this.classes.idOf(name, site.plugin);
    if (!found) throw noClassId(site, type, name);
    return found.id;
  }

  private newArrayBuffer(value: ArrayBuffer | ArrayBufferView): number {
    const bytes = value instanceof ArrayBuffer ? new Uint8Array(value) : new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
    const ptr = this.rt.__new(bytes.length, ARRAYBUFFER_ID);
    this.heap.u8.set(bytes, ptr);
    return ptr;
  }

  private lowerTypedArray(value: unknown, type: TypedArrayType, site: Site, temps: number[], path: string, bad: () => Error): number {
    const ctor = jsTypedArray(type.name);
    const element = NUMERIC[type.element];
    let data: AnyTypedArray;
    if (value instanceof ctor || (element.bytes === 1 && type.element === "u8" && (value instanceof Uint8Array || value instanceof Uint8ClampedArray))) {
      data = value as AnyTypedArray;
    } else if (Array.isArray(value)) {
      data = numbers(value, type.element, type, site, path);
    } else {
      throw bad();
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

  private lowerArray(value: unknown, type: ArrayType, site: Site, temps: number[], path: string, bad: () => Error): number {
    const isView = ArrayBuffer.isView(value) && !(value instanceof DataView);
    if (!Array.isArray(value) && !isView) throw bad();
    const items = value as ArrayLike<unknown>;
    const id = this.classId(type, site);
    if (isReference(type.element)) return this.lowerArrayOfRefs(items, type.element, type, id, site, temps, path);
    if (type.element.kind === "void") throw arrayOfVoid(site, type);
    const name = type.element.name;
    const spec = NUMERIC[name];
    const data = isView && value instanceof spec.array && name !== "bool" ? (value as AnyTypedArray) : numbers(items, name, type, site, path);
    const length = items.length;
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

  /**
   * An array whose elements are references: the container must be pinned and reachable, with
   * zeroed slots, before the first element is allocated; each element is stored and linked
   * right after.
   */
  private lowerArrayOfRefs(items: ArrayLike<unknown>, element: RefType, type: ArrayType, id: number, site: Site, temps: number[], path: string): number {
    const length = items.length;
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
}
