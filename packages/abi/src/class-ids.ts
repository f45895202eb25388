/**
 * Class ids. Ids 0–3 (Object, ArrayBuffer, String, ArrayBufferView) are assigned by the
 * compiler identically in every module. Ids below {@link FIRST_PLUGIN_CLASS_ID} belong to the
 * runtime (its own classes, and room for classes shared by every plugin later); each plugin's
 * own classes get a contiguous range at or above it.
 */
export const COMMON_CLASS_IDS = 4;
export const FIRST_PLUGIN_CLASS_ID = 32;

/** The compiler's names of the classes with ids 0–3, in id order. */
export const COMMON_CLASS_NAMES = ["~lib/object/Object", "~lib/arraybuffer/ArrayBuffer", "~lib/string/String", "~lib/arraybuffer/ArrayBufferView"] as const;

export const ARRAYBUFFER_ID = 1;
export const STRING_ID = 2;
