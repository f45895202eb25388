/**
 * The header of every managed object (AssemblyScript's `~lib/rt/common.ts`), as offsets from
 * `ptr`, the address code passes around (the start of the payload):
 *
 * ```
 *   ptr-20   ptr-16   ptr-12   ptr-8   ptr-4   ptr
 *  ┌────────┬────────┬────────┬───────┬───────┬──────────────────────────┐
 *  │ mmInfo │ gcInfo │ gcInfo2│ rtId  │ rtSize│ payload (rtSize bytes)  │
 *  └────────┴────────┴────────┴───────┴───────┴──────────────────────────┘
 *             └ next object | color (low 2 bits; 3 = pinned)
 * ```
 *
 * A static object in a data segment starts at its header, so its payload is 16-byte aligned
 * at segment offset + OBJECT_HEADER_SIZE.
 */
export const OBJECT_HEADER_SIZE = 20;
export const OBJECT_MM_INFO_OFFSET = -20;
export const OBJECT_GC_INFO_OFFSET = -16;
export const OBJECT_GC_INFO2_OFFSET = -12;
export const OBJECT_ID_OFFSET = -8;
export const OBJECT_SIZE_OFFSET = -4;

/** The color bits of gcInfo, and the color of a pinned object. */
export const COLOR_MASK = 3;
export const COLOR_PINNED = 3;
