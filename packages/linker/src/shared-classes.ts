import path from "node:path";
import { FIRST_PLUGIN_CLASS_ID, type SharedClassRegistry, isSharedClassId, sharedClassesFullMessage, type PluginLayout } from "@shared-rt/abi";
import { LinkError } from "./errors.js";
import { relativePath, type Project, type ProjectPlugin } from "./project.js";

/**
 * One class id per shared class across the project's plugins. The registry (canonical name →
 * id) is filled in plugin order: each plugin is compiled with the registry so far, and what it
 * used is recorded before the next one. It starts from the previous build's manifest, so an
 * edited plugin that adds a shared class appends to it and no other plugin changes.
 */

/** A plugin's classes with their ids: `[name, id]` in compact order. */
function classesOf(layout: PluginLayout): [string, number][] {
  const { names, ids, base } = layout.classes;
  return names.map((name, k) => [name, ids?.[k] ?? base + k]);
}

/**
 * The directories private to a plugin (project-relative, as asc's internal paths): its entry's
 * directory, when that is not the project directory and holds no other plugin's entry (at any
 * depth). Otherwise only its entry file is private (a flat layout of several plugins in one
 * directory shares the directory's other files).
 */
export function privateDirsOf(project: Project, plugin: ProjectPlugin): string[] {
  if (plugin.entry === undefined) return [];
  const dir = path.dirname(relativePath(project.dir, plugin.entry));
  if (dir === "." || dir === "" || dir.startsWith("..")) return [];
  const inside = (entry: string) => relativePath(project.dir, entry).startsWith(`${dir}/`);
  return project.plugins.some((p) => p !== plugin && p.entry !== undefined && inside(p.entry)) ? [] : [dir];
}

/** Whether the registry gives every shared class of `layout` the id it was built with (or can take it). */
export function agreesWithRegistry(registry: SharedClassRegistry, layout: PluginLayout): boolean {
  if (layout.relocatable) return true;
  return classesOf(layout).every(([name, id]) => !isSharedClassId(id) || (registry.idOf(name) ?? (registry.nameOf(id) === undefined ? id : -1)) === id);
}

/**
 * Records the shared classes a plugin used. A relocatable plugin's are placeholders: its names
 * get the registry's ids (new ones appended), which the host gives it at load. A linked plugin's
 * ids must agree (a prebuilt or reused one may not); `registry` is the project's.
 */
export function recordSharedClasses(registry: SharedClassRegistry, name: string, layout: PluginLayout): void {
  for (const [cls, id] of classesOf(layout)) {
    if (!isSharedClassId(id)) continue;
    if (layout.relocatable) {
      if (registry.claim(cls) === undefined) throw new LinkError("SHARED_CLASS_IDS", `plugin '${name}': ${sharedClassesFullMessage(cls)}`);
    } else if (!registry.set(cls, id)) {
      const other = registry.idOf(cls);
      throw new LinkError(
        "SHARED_CLASS_IDS",
        `plugin '${name}' gives the shared class '${cls}' the id ${id}, but the project gives ${other !== undefined ? `it the id ${other}` : `that id to '${registry.nameOf(id)}'`}; rebuild the plugin`,
      );
    }
  }
}

/**
 * Refuses a class that one plugin compiles as private (declared in its own files) while another
 * plugin compiles it too: the two would give it different ids, so neither `instanceof` nor the
 * collector could agree on it. Plugins with a memory of their own are left out.
 */
export function checkPrivateClasses(plugins: { name: string; layout: PluginLayout }[]): void {
  for (const owner of plugins) {
    const own = classesOf(owner.layout)
      .filter(([, id]) => id >= FIRST_PLUGIN_CLASS_ID)
      .map(([cls]) => cls);
    for (const other of plugins) {
      if (other === owner) continue;
      const names = new Set(other.layout.classes.names);
      const cls = own.find((c) => names.has(c));
      if (cls !== undefined) {
        throw new LinkError(
          "PRIVATE_CLASS_SHARED",
          `class '${cls}' is private to plugin '${owner.name}' (declared in its own files), but plugin '${other.name}' compiles it too; move it into a shared file, outside plugin '${owner.name}''s entry file and directory`,
        );
      }
    }
  }
}
