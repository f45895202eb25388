import type { PluginLayout } from "@shared-rt/abi";
import { describe, expect, it } from "vitest";
import {
  HEADROOM,
  MEMORY_START,
  TABLE_START,
  VISITOR_SLOTS,
  after,
  emptySlot,
  fits,
  newSlot,
  startsAt,
  usage,
  visitorSlots,
  type Slot,
} from "../src/assign-slots.js";

/** What assign-slots reads of a layout: where its data ends, its table size, its class count. */
function layout(memoryEnd: number, tableSize: number, classCount: number): PluginLayout {
  return {
    memory: { base: 0, end: memoryEnd },
    table: { base: 0, size: tableSize },
    classes: { base: 0, count: classCount, rttiBase: 0, names: [] },
  } as unknown as PluginLayout;
}

const start = { memory: MEMORY_START, table: TABLE_START, classes: 32 };

describe("headroom", () => {
  it("gives memory a quarter more, at least 1 KiB, in whole KiB", () => {
    expect(HEADROOM.memory(100)).toBe(2048);
    expect(HEADROOM.memory(8000)).toBe(10240);
    expect(HEADROOM.memory(0)).toBe(1024);
  });

  it("gives the table a quarter more, at least 4, plus the visitor slots", () => {
    expect(HEADROOM.table(3)).toBe(3 + 4 + VISITOR_SLOTS);
    expect(HEADROOM.table(40)).toBe(40 + 10 + VISITOR_SLOTS);
  });

  it("gives class ids a quarter more, at least 8", () => {
    expect(HEADROOM.classes(2)).toBe(10);
    expect(HEADROOM.classes(100)).toBe(125);
  });
});

describe("slots", () => {
  it("places a fresh slot at the start, with headroom over what the plugin uses", () => {
    const l = layout(MEMORY_START + 100, 3, 2);
    expect(usage(l, start)).toEqual({ memory: 100, table: 3 + VISITOR_SLOTS, classes: 2 });
    expect(newSlot(l, start)).toEqual({ memory: { base: 1024, size: 2048 }, table: { base: 1, size: 9 }, classes: { base: 32, count: 10 } });
  });

  it("starts the next slot where the previous ends", () => {
    const slot = newSlot(layout(MEMORY_START + 100, 3, 2), start);
    expect(after(slot)).toEqual({ memory: 3072, table: 10, classes: 42 });
    expect(startsAt(slot, start)).toBe(true);
    expect(startsAt(slot, after(slot))).toBe(false);
  });

  it("says whether an edited plugin still fits, counting its visitor slots", () => {
    const slot: Slot = { memory: { base: 1024, size: 2048 }, table: { base: 1, size: 9 }, classes: { base: 32, count: 10 } };
    expect(fits(layout(1024 + 2048, 7, 10), slot)).toBe(true);
    expect(fits(layout(1024 + 2049, 7, 10), slot)).toBe(false);
    expect(fits(layout(1024, 8, 10), slot)).toBe(false);
    expect(fits(layout(1024, 7, 11), slot)).toBe(false);
  });

  it("puts the visitor slots at the end of the table slot", () => {
    const slot: Slot = { memory: { base: 1024, size: 1024 }, table: { base: 5, size: 9 }, classes: { base: 32, count: 8 } };
    expect(visitorSlots(slot)).toEqual({ globals: 12, members: 13 });
  });

  it("reserves nothing for a relocatable plugin", () => {
    expect(emptySlot(start)).toEqual({ memory: { base: 1024, size: 0 }, table: { base: 1, size: 0 }, classes: { base: 32, count: 0 } });
    expect(after(emptySlot(start))).toEqual(start);
  });
});
