import type { PluginLayout } from "@shared-rt/abi";

/**
 * Warnings for mutable globals of shared files (static fields of shared classes, file-level
 * `let`s) that more than one plugin compiled. A shared file is compiled into every plugin that
 * imports it, like a static library, so each of them has its own copy, where one module would
 * have one: a registry kept in a static field fills separately in each plugin. Not an error
 * (per-plugin state is often what is meant), but never silent.
 */
export function sharedGlobalWarnings(plugins: { name: string; layout: PluginLayout }[]): string[] {
  const users = new Map<string, { at: string; plugins: string[] }>();
  for (const { name, layout } of plugins) {
    for (const global of layout.sharedGlobals ?? []) {
      const entry = users.get(global.name) ?? users.set(global.name, { at: global.at, plugins: [] }).get(global.name)!;
      entry.plugins.push(name);
    }
  }
  const warnings: string[] = [];
  for (const [name, { at, plugins: list }] of [...users].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (list.length < 2) continue;
    warnings.push(
      `${at}: warning: '${name}' is a global of a shared file, and plugins ${list.map((p) => `'${p}'`).join(", ")} each have their own copy of it; for one copy, keep it in one plugin and export functions that use it`,
    );
  }
  return warnings;
}
