import type { Manifest } from "./manifest.js";

/** A half-open range `[start, end)` of memory bytes, table slots or class ids, and who has it. */
export interface NamedRange {
  owner: string;
  start: number;
  end: number;
}

/** The first two ranges that overlap (empty ranges never do), in start order; undefined if none. */
export function firstOverlap(ranges: readonly NamedRange[]): [NamedRange, NamedRange] | undefined {
  // A stable sort: ranges that start together stay in the order given.
  const sorted = ranges.filter((r) => r.end > r.start).sort((a, b) => a.start - b.start);
  for (let i = 1; i < sorted.length; ++i) {
    if (sorted[i].start < sorted[i - 1].end) return [sorted[i - 1], sorted[i]];
  }
  return undefined;
}

/** `memory ranges overlap: plugin 'a' has 1024..2047, plugin 'b' has 2000..2999`. */
export function describeOverlap(kind: string, [a, b]: [NamedRange, NamedRange]): string {
  return `${kind} ranges overlap: ${a.owner} has ${a.start}..${a.end - 1}, ${b.owner} has ${b.start}..${b.end - 1}`;
}

/**
 * The ranges a manifest gives the runtime and its plugins in the one memory and table, by kind.
 * Isolated plugins have a memory and table of their own and relocatable ones are placed at load,
 * so neither takes part. The shadow stack lies between the runtime's data and `stackTop`.
 */
export function manifestRanges(manifest: Manifest): Record<"memory" | "table" | "class-id", NamedRange[]> {
  const shared = manifest.plugins.filter((p) => !p.isolated && !p.relocatable);
  const owner = (name: string) => `plugin '${name}'`;
  const { runtime } = manifest;
  return {
    memory: [
      ...shared.map((p) => ({ owner: owner(p.name), start: p.memory.base, end: p.memory.end })),
      { owner: "the runtime", start: runtime.memory.base, end: runtime.memory.end },
      { owner: "the shared shadow stack", start: runtime.memory.end, end: runtime.stackTop },
    ],
    table: [
      ...shared.map((p) => ({ owner: owner(p.name), start: p.table.base, end: p.table.base + p.table.size })),
      { owner: "the runtime", start: runtime.table.base, end: runtime.table.base + runtime.table.size },
    ],
    "class-id": shared.map((p) => ({ owner: owner(p.name), start: p.classes.base, end: p.classes.base + p.classes.count })),
  };
}
