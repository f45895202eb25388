import { VISITOR_SLOTS, type PluginLayout } from "@shared-rt/abi";

export { VISITOR_SLOTS };

/** Address of the first plugin's static data; below it only AssemblyScript's null page. */
export const MEMORY_START = 1024;
/** Memory slots start at multiples of this, so a slot is easy to read in a memory map. */
export const MEMORY_SLOT_ALIGN = 1024;
/** Table slot 0 stays empty so that a null function index traps. */
export const TABLE_START = 1;

/**
 * Where a plugin lives: the ranges reserved for it, which may be larger than what it uses
 * now. Reserving headroom is what lets an edited plugin be recompiled and relinked alone: as
 * long as it still fits, no other plugin moves.
 */
export interface Slot {
  memory: { base: number; size: number };
  table: { base: number; size: number };
  classes: { base: number; count: number };
}

/** The headroom policy: what a plugin's slot holds beyond what it uses when first placed. */
export const HEADROOM = {
  /** Memory: a quarter more, at least 1 KiB, rounded up to whole KiB. */
  memory: (used: number) => Math.ceil((used + Math.max(1024, Math.ceil(used / 4))) / MEMORY_SLOT_ALIGN) * MEMORY_SLOT_ALIGN,
  /** Table: a quarter more, at least 4 slots, plus the two visitor slots. */
  table: (used: number) => used + Math.max(4, Math.ceil(used / 4)) + VISITOR_SLOTS,
  /** Class ids: a quarter more, at least 8. */
  classes: (used: number) => used + Math.max(8, Math.ceil(used / 4)),
} as const;

export interface SlotStart {
  memory: number;
  table: number;
  classes: number;
}

/** Memory, table slots and class ids a compiled plugin uses from its slot's start. */
export function usage(layout: PluginLayout, start: SlotStart): { memory: number; table: number; classes: number } {
  return {
    memory: layout.memory.end - start.memory,
    table: layout.table.size + VISITOR_SLOTS,
    classes: layout.classes.count,
  };
}

/** A fresh slot for a plugin with this layout, with headroom. */
export function newSlot(layout: PluginLayout, start: SlotStart): Slot {
  const used = usage(layout, start);
  return {
    memory: { base: start.memory, size: HEADROOM.memory(used.memory) },
    table: { base: start.table, size: HEADROOM.table(layout.table.size) },
    classes: { base: start.classes, count: HEADROOM.classes(used.classes) },
  };
}

/** A relocatable plugin's slot: nothing reserved (the host places it at load). */
export function emptySlot(start: SlotStart): Slot {
  return { memory: { base: start.memory, size: 0 }, table: { base: start.table, size: 0 }, classes: { base: start.classes, count: 0 } };
}

/** Whether a slot starts where a plugin would be placed now. */
export function startsAt(slot: Slot, start: SlotStart): boolean {
  return slot.memory.base === start.memory && slot.table.base === start.table && slot.classes.base === start.classes;
}

/** Whether a compiled plugin still fits the slot it was given. */
export function fits(layout: PluginLayout, slot: Slot): boolean {
  const used = usage(layout, { memory: slot.memory.base, table: slot.table.base, classes: slot.classes.base });
  return used.memory <= slot.memory.size && used.table <= slot.table.size && used.classes <= slot.classes.count;
}

/** Where the next slot starts. */
export function after(slot: Slot): SlotStart {
  return {
    memory: slot.memory.base + slot.memory.size,
    table: slot.table.base + slot.table.size,
    classes: slot.classes.base + slot.classes.count,
  };
}

/** The visitor slots sit at the end of the plugin's table slot, clear of its functions. */
export function visitorSlots(slot: Slot): { globals: number; members: number } {
  const first = slot.table.base + slot.table.size - VISITOR_SLOTS;
  return { globals: first, members: first + 1 };
}
