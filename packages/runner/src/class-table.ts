/**
 * Which class every id names, across all loaded plugins. Ids 0–3 are the same in every module;
 * each plugin's own classes (including the standard library's generic instances it uses, such
 * as `Array<i32>` or `Uint8Array`) have ids in the plugin's range, listed by its layout in id
 * order. The same library class has a different id in each plugin that uses it, so the host
 * allocates an object with the id of the plugin that will receive it.
 */

/** Names the compiler gives the classes with ids 0–3. */
const COMMON = ["~lib/object/Object", "~lib/arraybuffer/ArrayBuffer", "~lib/string/String", "~lib/arraybuffer/ArrayBufferView"];

export interface ClassOwner {
  /** The plugin whose range holds the id; `runtime` for ids below every plugin's range. */
  plugin: string;
  /** The compiler's internal name, or undefined for a runtime-internal id. */
  name: string | undefined;
}

export class ClassTable {
  private readonly ranges: { plugin: string; base: number; names: string[] }[] = [];
  private readonly byPlugin = new Map<string, Map<string, number>>();

  /** Records a plugin's classes: `names[k]` has id `base + k`. */
  add(plugin: string, base: number, names: string[]): void {
    this.ranges.push({ plugin, base, names });
    const ids = new Map<string, number>();
    names.forEach((name, k) => ids.set(name, base + k));
    this.byPlugin.set(plugin, ids);
  }

  /** Id of class `name` in `plugin`'s range, or, failing that, any plugin's (first loaded wins). */
  idOf(name: string, plugin?: string): { id: number; plugin: string } | undefined {
    const common = COMMON.indexOf(name);
    if (common >= 0) return { id: common, plugin: plugin ?? "runtime" };
    const own = plugin === undefined ? undefined : this.byPlugin.get(plugin)?.get(name);
    if (own !== undefined) return { id: own, plugin: plugin! };
    for (const [other, ids] of this.byPlugin) {
      const id = ids.get(name);
      if (id !== undefined) return { id, plugin: other };
    }
    return undefined;
  }

  /** Who owns `id` and what class it is. */
  owner(id: number): ClassOwner {
    if (id < COMMON.length) return { plugin: "runtime", name: COMMON[id] };
    for (const range of this.ranges) {
      if (id >= range.base && id < range.base + range.names.length) return { plugin: range.plugin, name: range.names[id - range.base] };
    }
    return { plugin: "runtime", name: undefined };
  }
}
