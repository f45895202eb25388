// The shared runtime: AssemblyScript's own TLSF allocator and collector (itcms or tcms,
// chosen with --runtime when this file is compiled), extended to serve every registered
// plugin. The collector reaches the program only through __visit_globals, __visit_members
// and __typeinfo; the build wraps those three (see src/wrap-collector-hooks.ts) so that
// they also call the dispatchers below for plugin roots and plugin class ids.
//
// Per-class tables, indexed by class id (ids of every plugin live in one id space: shared ids
// 32..2047, one per class every plugin compiling it agrees on; private ranges from 2048):
//
//   classSlots ─▶ ┌──────┬──────┬─────┬──────┐  u32: table slot of the owning plugin's
//                 │ id 0 │ id 1 │ ... │ id n │       __shared_visit_members, 0 = no owner
//                 └──────┴──────┴─────┴──────┘
//   classFlags ─▶ same shape, u32: the owning plugin's RTTI flags for that id
//   classIndex ─▶ same shape, u32: the id's compact index (4 + k) in the owning plugin, which
//                 the global vi (RUNTIME_GLOBAL_NAMES.visitIndex) carries into its __visit_members
//
// The owner of a shared id is the first plugin that registered it; a later one must agree on
// its flags (its layout is checked equal by the linker and the host). Plugin roots:
// globalsSlots holds, per registered plugin, the table slot of its __shared_visit_globals
// (0 once the plugin is gone).

import {
  SHARED_ABI_VERSION,
  COMMON_CLASS_IDS,
  FIRST_SHARED_CLASS_ID,
  FIRST_PLUGIN_CLASS_ID,
  REGISTER_ABI_MISMATCH,
  REGISTER_CLASS_RANGE_RESERVED,
  REGISTER_CLASS_RANGE_TAKEN,
  REGISTER_RTTI_MISMATCH,
  REGISTER_SHARED_FLAGS_MISMATCH
} from "./abi";

let pluginCount: u32 = 0;
let pluginCapacity: u32 = 0;
let globalsSlots: usize = 0;

/** Refuse overlapping class-id ranges. A build fault (tests only) turns this off. */
let checkClassRanges: bool = true;

let classCapacity: u32 = 0;
let classSlots: usize = 0;
let classFlags: usize = 0;
let classIndex: usize = 0;

/** Grows a raw u32 array to `newCount` entries, zeroing the new part. */
function growU32(ptr: usize, oldCount: u32, newCount: u32): usize {
  let grown = ptr ? heap.realloc(ptr, <usize>newCount << 2) : heap.alloc(<usize>newCount << 2);
  memory.fill(grown + (<usize>oldCount << 2), 0, <usize>(newCount - oldCount) << 2);
  return grown;
}

function ensureClassCapacity(count: u32): void {
  if (count <= classCapacity) return;
  let newCapacity = max(count, classCapacity << 1);
  classSlots = growU32(classSlots, classCapacity, newCapacity);
  classFlags = growU32(classFlags, classCapacity, newCapacity);
  classIndex = growU32(classIndex, classCapacity, newCapacity);
  classCapacity = newCapacity;
}

/**
 * Registers a plugin. Must run before the plugin's start function, because a collection
 * inside start already needs the plugin's roots and classes. Returns the plugin's handle
 * (>= 0) or a negative REGISTER_* code; a refused plugin changes nothing.
 *
 * The plugin's RTTI table (at rttiBase: u32 count, then u32 flags per compact key) is
 * compact: the common ids 0..3 first, then its classes in the order of `ids` (u32[count]):
 * compact key 4 + k has the real id ids[k].
 */
export function __shared_register(
  abi: u32,
  visitGlobalsSlot: u32,
  visitMembersSlot: u32,
  ids: usize,
  count: u32,
  rttiBase: usize
): i32 {
  if (abi != SHARED_ABI_VERSION) return REGISTER_ABI_MISMATCH;
  if (rttiBase) {
    if (load<u32>(rttiBase) != COMMON_CLASS_IDS + count) return REGISTER_RTTI_MISMATCH;
  } else if (count) {
    return REGISTER_RTTI_MISMATCH;
  }
  let end: u32 = 0;
  for (let k: u32 = 0; k < count; ++k) end = max(end, load<u32>(ids + (<usize>k << 2)) + 1);
  ensureClassCapacity(end);
  // Check everything before changing anything.
  for (let k: u32 = 0; k < count; ++k) {
    let id = load<u32>(ids + (<usize>k << 2));
    if (id < FIRST_SHARED_CLASS_ID) return REGISTER_CLASS_RANGE_RESERVED;
    let owned = load<u32>(classSlots + (<usize>id << 2)) != 0;
    if (id >= FIRST_PLUGIN_CLASS_ID) {
      if (owned && checkClassRanges) return REGISTER_CLASS_RANGE_TAKEN;
    } else if (owned) {
      let flags = load<u32>(rttiBase + 4 + (<usize>(COMMON_CLASS_IDS + k) << 2));
      if (flags != load<u32>(classFlags + (<usize>id << 2))) return REGISTER_SHARED_FLAGS_MISMATCH;
    }
  }
  for (let k: u32 = 0; k < count; ++k) {
    let id = load<u32>(ids + (<usize>k << 2));
    let at = <usize>id << 2;
    // A shared id keeps its first owner (the class is the same in both).
    if (id < FIRST_PLUGIN_CLASS_ID && load<u32>(classSlots + at)) continue;
    store<u32>(classSlots + at, visitMembersSlot);
    store<u32>(classFlags + at, load<u32>(rttiBase + 4 + (<usize>(COMMON_CLASS_IDS + k) << 2)));
    store<u32>(classIndex + at, COMMON_CLASS_IDS + k);
  }
  if (pluginCount == pluginCapacity) {
    let newCapacity = max<u32>(8, pluginCapacity << 1);
    globalsSlots = growU32(globalsSlots, pluginCapacity, newCapacity);
    pluginCapacity = newCapacity;
  }
  store<u32>(globalsSlots + (<usize>pluginCount << 2), visitGlobalsSlot);
  let handle = pluginCount++;
  return <i32>handle;
}

/**
 * Unregisters a plugin's roots: its globals are no longer visited, so what only they kept
 * alive is collected. Its class ids stay registered (objects of its classes may live on in
 * other plugins' graphs and must still be visited) and are not handed out again.
 * Returns 0, or -1 for an unknown handle.
 */
export function __shared_unregister(handle: i32): i32 {
  if (handle < 0 || <u32>handle >= pluginCount) return -1;
  store<u32>(globalsSlots + (<usize>handle << 2), 0);
  return 0;
}

/** The ABI version this runtime speaks. */
export function __shared_abi_version(): u32 {
  return SHARED_ABI_VERSION;
}

// Dispatchers. Exported only so that the compiler keeps them; the build wires them into the
// collector hooks and removes these exports again.

export function __shared_dispatch_globals(cookie: u32): void {
  for (let i: u32 = 0; i < pluginCount; ++i) {
    let slot = load<u32>(globalsSlots + (<usize>i << 2));
    if (slot) call_indirect<void>(slot, cookie);
  }
}

export function __shared_dispatch_members(ptr: usize, cookie: u32): void {
  let id = load<u32>(ptr - 8); // OBJECT#rtId, see ~lib/rt/common.ts
  let slot: u32 = id < classCapacity ? load<u32>(classSlots + (<usize>id << 2)) : 0;
  if (!slot) abort("shared-rt: object of a class id no registered plugin owns");
  visitIndex = load<u32>(classIndex + (<usize>id << 2));
  call_indirect<void>(slot, ptr, cookie);
}

export function __shared_dispatch_typeinfo(id: u32): u32 {
  if (id >= classCapacity || !load<u32>(classSlots + (<usize>id << 2))) {
    abort("shared-rt: type information asked for a class id no registered plugin owns");
  }
  return load<u32>(classFlags + (<usize>id << 2));
}

/**
 * __renew for every plugin. A pinned object is never resized in place: the minimal collector
 * would move it (realloc), leaving whoever pinned it — the host, or the host's copy of a
 * relocatable plugin's static data — with a dangling address. Like static data below the heap
 * base, it is copied into a new object instead and stays where it is.
 */
function sharedRenew(ptr: usize, size: usize): usize {
  if ((load<u32>(ptr - 16) & 3) == 3) { // OBJECT#gcInfo: color 3 = pinned (~lib/rt/itcms.ts, tcms.ts)
    let id = load<u32>(ptr - 8);
    let oldSize = load<u32>(ptr - 4);
    let copy = __new(size, id);
    memory.copy(copy, ptr, min<usize>(size, oldSize));
    return copy;
  }
  return __renew(ptr, size);
}

// Runtime entry points in progress, four bits each, the innermost in the lowest bits. The
// build wraps every exported function (see src/wrap-entry-points.ts): entering shifts the
// entry point's number in (its place in RUNTIME_ENTRY_POINTS, plus one), returning shifts it
// out. A trap unwinds past the shift, so after a failed call a value that did not come back
// tells the host that the allocator or the collector was interrupted in the middle of
// changing the heap, and in which entry point. A check that fails before anything changed (a
// size too large, a second pin, no memory left) leaves the entry point first, and does not
// count.
let entries: u32 = 0;
export { entries as __shared_runtime_entries };

// The runtime entry points plugins import (see src/abi.ts). __new, __pin, __unpin and
// __collect are exported by --exportRuntime.
export { __alloc, __realloc, __free, __link, __visit, __typeinfo };
export { sharedRenew as __renew };
// Globals under their wire names (@shared-rt/abi RUNTIME_GLOBAL_NAMES: short, every plugin
// carries them): sp = __stack_pointer, sl = the stack limit, hb = __heap_base.
export { __stack_pointer as sp, __data_end as sl, __heap_base as hb };

// The argument count of the next call of a function with default parameters, for every plugin
// (they import it instead of keeping asc's ~argumentsLength each): a function reference called
// across plugins reads what its caller set.
let argumentsLength: i32 = 0;
export { argumentsLength as argc };

// The compact index of the class of the object whose members are visited next, in the plugin
// that owns its id: __shared_dispatch_members sets it, the plugin's __visit_members switches on it.
let visitIndex: u32 = 0;
export { visitIndex as vi };
// Virtual dispatch and instanceof across plugins.
export * from "./dispatch";
// Extra shadow stacks scanned as roots (suspended JSPI calls).
export * from "./stack-segments";
