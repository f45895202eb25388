/**
 * A stand-in for the runtime over a hand-made memory, for unit tests that must not compile
 * anything: `__new` bump-allocates objects with the real header layout, `__pin`/`__unpin` set
 * and clear the pinned color and count their calls. Nothing is ever freed.
 */
import {
  COLOR_MASK,
  COLOR_PINNED,
  FIRST_PLUGIN_CLASS_ID,
  OBJECT_GC_INFO_OFFSET,
  OBJECT_HEADER_SIZE,
  OBJECT_ID_OFFSET,
  OBJECT_SIZE_OFFSET,
} from "@shared-rt/abi";
import { ClassTable } from "../src/class-table.js";
import { HeapView } from "../src/heap-view.js";
import { Lowering } from "../src/lower-values.js";
import { Pins } from "../src/pins.js";

export interface FakeRuntime {
  memory: WebAssembly.Memory;
  __new(size: number, id: number): number;
  __link(parent: number, child: number, expectMultiple: number): void;
  __pin(ptr: number): number;
  __unpin(ptr: number): void;
  pinned: number[];
  unpinned: number[];
}

export function fakeRuntime(pages = 1): FakeRuntime {
  const memory = new WebAssembly.Memory({ initial: pages, maximum: 16 });
  const dv = () => new DataView(memory.buffer);
  let next = 1024;
  const setColor = (ptr: number, color: number) => {
    const info = dv().getUint32(ptr + OBJECT_GC_INFO_OFFSET, true);
    dv().setUint32(ptr + OBJECT_GC_INFO_OFFSET, (info & ~COLOR_MASK) | color, true);
  };
  const rt: FakeRuntime = {
    memory,
    pinned: [],
    unpinned: [],
    __new(size, id) {
      // Payloads 16-byte aligned, as the runtime's are.
      const ptr = (next + OBJECT_HEADER_SIZE + 15) & ~15;
      next = ptr + size;
      while (next > memory.buffer.byteLength) memory.grow(1);
      dv().setUint32(ptr + OBJECT_ID_OFFSET, id, true);
      dv().setUint32(ptr + OBJECT_SIZE_OFFSET, size, true);
      return ptr;
    },
    __link() {},
    __pin(ptr) {
      setColor(ptr, COLOR_PINNED);
      rt.pinned.push(ptr);
      return ptr;
    },
    __unpin(ptr) {
      setColor(ptr, 0);
      rt.unpinned.push(ptr);
    },
  };
  return rt;
}

/**
 * A hand-made memory with one plugin `p` whose classes are `names` (ids from
 * FIRST_PLUGIN_CLASS_ID in order), and the host's parts that convert values into it.
 */
export function handMadeHost(names: string[]) {
  const rt = fakeRuntime();
  const heap = new HeapView(rt.memory);
  const classes = new ClassTable();
  classes.add(
    "p",
    names,
    names.map((_, k) => FIRST_PLUGIN_CLASS_ID + k),
  );
  const pins = new Pins(rt, heap);
  const lowering = new Lowering(heap, rt, classes, pins);
  return { rt, heap, classes, pins, lowering };
}
