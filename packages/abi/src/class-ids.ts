/**
 * Class ids, one id space for every module of a memory:
 *
 * ```
 *   0 ─ 3   common: Object, ArrayBuffer, String, ArrayBufferView (the compiler's, in every module)
 *   4 ─ 31  the runtime's own classes
 *  32 ─ 2047  SHARED: one id per class that several plugins may compile (the standard library's
 *             instances such as Array<string>, package classes, classes of shared source files),
 *             the same id in every plugin of a project (a registry: canonical name → id)
 *  2048 ─     PRIVATE: each plugin's own classes (declared in its private files), a range per plugin
 * ```
 *
 * A class is private to a plugin when it is declared in the plugin's entry file or under one of
 * its private directories; every other class with an id above 3 is shared.
 */
export const COMMON_CLASS_IDS = 4;
/** The first shared class id; the runtime's own classes lie below it. */
export const FIRST_SHARED_CLASS_ID = 32;
/** One past the last shared class id. */
export const SHARED_CLASS_END = 2048;
/** The first id of the plugins' private ranges. */
export const FIRST_PLUGIN_CLASS_ID = SHARED_CLASS_END;

/** The compiler's names of the classes with ids 0–3, in id order. */
export const COMMON_CLASS_NAMES = ["~lib/object/Object", "~lib/arraybuffer/ArrayBuffer", "~lib/string/String", "~lib/arraybuffer/ArrayBufferView"] as const;

export const ARRAYBUFFER_ID = 1;
export const STRING_ID = 2;

/** Whether `id` is a shared class id. */
export function isSharedClassId(id: number): boolean {
  return id >= FIRST_SHARED_CLASS_ID && id < SHARED_CLASS_END;
}
