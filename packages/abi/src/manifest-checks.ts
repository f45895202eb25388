/**
 * What a manifest must hold beyond its schema (manifest-schema.ts): every range inside the
 * memory and table it declares, none overlapping another, memory bases aligned, visitor slots
 * inside their plugin's table slot, and every file it names inside the build directory. The
 * linker never writes a manifest that fails these; a host refuses one that does (hand-edited,
 * corrupted, or from a linker with a bug) before anything is instantiated, since loading it
 * would overwrite another plugin's data or trap inside the runtime.
 */
import { FIRST_PLUGIN_CLASS_ID } from "./class-ids.js";
import type { Manifest, ManifestPlugin } from "./manifest.js";
import { describeOverlap, firstOverlap, manifestRanges, type NamedRange } from "./ranges.js";

/** Bytes of a wasm page. */
export const WASM_PAGE = 65536;
/** Every linked plugin's static data starts at a multiple of this (the allocator's alignment). */
export const MEMORY_BASE_ALIGNMENT = 16;

/** A range or file problem of a manifest: what is wrong, and the plugin it concerns (undefined: the runtime or the whole). */
export interface ManifestCheckProblem {
  /** `the manifest's …` is prefixed by the reader. */
  message: string;
  /** The field path at fault: `plugins[1].memory.end`. */
  path: string;
  plugin?: string;
  /** OVERLAPPING_RANGES for two owners on the same memory, slots or ids; BAD_MANIFEST otherwise. */
  kind: "overlap" | "invalid";
}

/**
 * Why `file` (as a manifest names it) could lead outside the directory of the manifest: an
 * absolute path, a URL, a `..` segment, a backslash. Undefined for a plain relative name.
 */
export function unsafeFileReason(file: string): string | undefined {
  if (file === "") return "it is empty";
  if (file.startsWith("/") || /^[A-Za-z]:/.test(file)) return "it is absolute";
  if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(file)) return "it is a URL";
  if (file.includes("\\")) return "it contains a backslash";
  if (file.split("/").includes("..")) return "it leads outside the build directory ('..')";
  return undefined;
}

function fileProblems(manifest: Manifest): ManifestCheckProblem[] {
  const files: [string, string, string | undefined][] = [["runtime.file", manifest.runtime.file, undefined]];
  if (manifest.host !== undefined) files.push(["host", manifest.host, undefined]);
  for (const [i, p] of manifest.plugins.entries()) files.push([`plugins[${i}].file`, p.file, p.name]);
  const problems: ManifestCheckProblem[] = [];
  for (const [path, file, plugin] of files) {
    const reason = unsafeFileReason(file);
    if (!reason) continue;
    const rebuild = path === "host" ? "; a manifest of an older build named the host module's source: rebuild the project with shared-rt build" : "";
    problems.push({ path, plugin, kind: "invalid", message: `${path} '${file}' must be a file inside the build directory, but ${reason}${rebuild}` });
  }
  return problems;
}

/** `[start, end)` inside `[0, limit)`, and not reversed. */
function inside(path: string, what: string, start: number, end: number, limit: number, plugin?: string): ManifestCheckProblem[] {
  if (end < start) return [{ path, plugin, kind: "invalid", message: `${what} ends (${end}) before it starts (${start})` }];
  if (end > limit)
    return [
      {
        path,
        plugin,
        kind: "invalid",
        message: `${what} ${start}..${end - 1} lies past the end (${limit}) of the declared ${path.includes("table") || path.includes("Slots") ? "table" : "memory"}`,
      },
    ];
  return [];
}

/** A plugin's ranges inside the declared memory and table. */
function pluginBounds(p: ManifestPlugin, i: number, bytes: number, slots: number): ManifestCheckProblem[] {
  const at = `plugins[${i}]`;
  const who = `plugin '${p.name}'`;
  const visitors = [Math.min(p.visitorSlots.globals, p.visitorSlots.members), Math.max(p.visitorSlots.globals, p.visitorSlots.members) + 1] as const;
  return [
    ...inside(`${at}.memory`, `the memory of ${who}`, p.memory.base, p.memory.end, bytes, p.name),
    ...inside(`${at}.table`, `the table slots of ${who}`, p.table.base, p.table.base + p.table.size, slots, p.name),
    ...inside(`${at}.visitorSlots`, `the visitor slots of ${who}`, visitors[0], visitors[1], slots, p.name),
  ];
}

/** A plugin's alignment, RTTI address, class ids and reserved slot. */
function pluginProblems(p: ManifestPlugin, i: number): ManifestCheckProblem[] {
  const at = `plugins[${i}]`;
  const who = `plugin '${p.name}'`;
  const problems: ManifestCheckProblem[] = [];
  if (p.memory.base % MEMORY_BASE_ALIGNMENT !== 0) {
    problems.push({
      path: `${at}.memory.base`,
      plugin: p.name,
      kind: "invalid",
      message: `the memory base ${p.memory.base} of ${who} is not a multiple of ${MEMORY_BASE_ALIGNMENT}`,
    });
  }
  const { rttiBase } = p.classes;
  if (rttiBase !== 0 && (rttiBase < p.memory.base || rttiBase >= p.memory.end)) {
    problems.push({
      path: `${at}.classes.rttiBase`,
      plugin: p.name,
      kind: "invalid",
      message: `the RTTI address ${rttiBase} of ${who} is outside its memory ${p.memory.base}..${p.memory.end - 1}`,
    });
  }
  if (p.classes.count > 0 && p.classes.base < FIRST_PLUGIN_CLASS_ID) {
    problems.push({
      path: `${at}.classes.base`,
      plugin: p.name,
      kind: "invalid",
      message: `the private class ids of ${who} start at ${p.classes.base}, below the first plugin class id ${FIRST_PLUGIN_CLASS_ID}`,
    });
  }
  if (p.slot) {
    const { memory, table } = p.slot;
    const own = (start: number, end: number, range: { base: number; size: number }, what: string, path: string) =>
      start < range.base || end > range.base + range.size
        ? [
            {
              path: `${at}.${path}`,
              plugin: p.name,
              kind: "invalid" as const,
              message: `the ${what} ${start}..${end - 1} of ${who} is outside its reserved slot ${range.base}..${range.base + range.size - 1}`,
            },
          ]
        : [];
    problems.push(
      ...own(p.memory.base, Math.max(p.memory.end, p.memory.base + 1), memory, "memory", "memory"),
      ...own(p.visitorSlots.globals, p.visitorSlots.globals + 1, table, "visitor slot", "visitorSlots.globals"),
      ...own(p.visitorSlots.members, p.visitorSlots.members + 1, table, "visitor slot", "visitorSlots.members"),
    );
    if (p.table.size > 0) problems.push(...own(p.table.base, p.table.base + p.table.size, table, "table slots", "table"));
  }
  return problems;
}

/** The plugins that take part in the one memory and table (not isolated, not relocatable). */
const placed = (manifest: Manifest) => manifest.plugins.map((p, i) => [p, i] as const).filter(([p]) => !p.isolated && !p.relocatable);

/**
 * The range and file problems of a manifest that fits the schema, in a fixed order (files,
 * declared sizes and every range inside them; else overlaps; else each plugin's alignment,
 * RTTI address, class ids and slot); empty when it can be loaded.
 */
export function manifestCheckProblems(manifest: Manifest): ManifestCheckProblem[] {
  // Loading checks every manifest; a sound one is told by numbers alone, without the ~1000
  // strings and objects that naming each range costs (a third of a millisecond for 100 plugins).
  return isSound(manifest) ? [] : namedManifestProblems(manifest);
}

/** {@link manifestCheckProblems} without its fast path for a sound manifest: every check, each problem named. */
export function namedManifestProblems(manifest: Manifest): ManifestCheckProblem[] {
  const problems = fileProblems(manifest);
  const { memory, table, runtime } = manifest;
  if (memory.maximum !== undefined && memory.maximum < memory.initial) {
    problems.push({
      path: "memory.maximum",
      kind: "invalid",
      message: `memory.maximum (${memory.maximum} pages) is below memory.initial (${memory.initial} pages)`,
    });
  }
  const bytes = memory.initial * WASM_PAGE;
  const slots = table.initial;
  const names = new Set<string>();
  manifest.plugins.forEach((p, i) => {
    if (names.has(p.name)) problems.push({ path: `plugins[${i}].name`, plugin: p.name, kind: "invalid", message: `plugin '${p.name}' is listed twice` });
    names.add(p.name);
  });
  problems.push(
    ...inside("runtime.memory", "the runtime's memory", runtime.memory.base, runtime.memory.end, bytes),
    ...inside("runtime.stackTop", "the shared shadow stack", runtime.memory.end, runtime.stackTop, bytes),
    ...inside("runtime.table", "the runtime's table slots", runtime.table.base, runtime.table.base + runtime.table.size, slots),
  );
  for (const [p, i] of placed(manifest)) problems.push(...pluginBounds(p, i, bytes, slots));
  if (problems.length) return problems;
  // Two owners of one range say more than either's slot or alignment: overlaps first.
  const overlaps = overlapProblems(manifest);
  if (overlaps.length) return overlaps;
  return placed(manifest).flatMap(([p, i]) => pluginProblems(p, i));
}

function overlapProblems(manifest: Manifest): ManifestCheckProblem[] {
  const ranges = manifestRanges(manifest);
  // Visitor slots are a plugin's too: another plugin's functions there would be overwritten by its visitors.
  const visitors: NamedRange[] = placed(manifest).flatMap(([p]) => [
    { owner: `plugin '${p.name}'`, start: p.visitorSlots.globals, end: p.visitorSlots.globals + 1 },
    { owner: `plugin '${p.name}'`, start: p.visitorSlots.members, end: p.visitorSlots.members + 1 },
  ]);
  const kinds: [string, NamedRange[]][] = [
    ["memory", ranges.memory],
    ["table", ranges.table],
    ["class-id", ranges["class-id"]],
    ["visitor slot", [...ranges.table.map((r) => ({ ...r, owner: `${r.owner} (functions)` })), ...visitors]],
  ];
  for (const [kind, list] of kinds) {
    const overlap = firstOverlap(list);
    if (!overlap) continue;
    const plugin = /^plugin '(.*?)'/.exec(overlap[1].owner)?.[1];
    return [
      {
        path: kind === "memory" ? "plugins[].memory" : kind === "class-id" ? "plugins[].classes" : "plugins[].table",
        plugin,
        kind: "overlap",
        message: describeOverlap(kind, overlap),
      },
    ];
  }
  return [];
}

/**
 * Whether {@link manifestCheckProblems} finds nothing, decided on the numbers: each condition of
 * the checks above, in the same terms (a change to one is a change to both; the tests compare
 * the two on every fault they inject).
 */
function isSound(manifest: Manifest): boolean {
  const { memory, table, runtime } = manifest;
  if (memory.maximum !== undefined && memory.maximum < memory.initial) return false;
  if (!safeFile(runtime.file) || (manifest.host !== undefined && !safeFile(manifest.host))) return false;
  const bytes = memory.initial * WASM_PAGE;
  const slots = table.initial;
  const within = (start: number, end: number, limit: number) => end >= start && end <= limit;
  if (!within(runtime.memory.base, runtime.memory.end, bytes) || !within(runtime.memory.end, runtime.stackTop, bytes)) return false;
  if (!within(runtime.table.base, runtime.table.base + runtime.table.size, slots)) return false;
  const names = new Set<string>();
  // [start, end) of each kind, the runtime's first: memory, table slots (functions), class ids, visitor slots.
  const mem = [runtime.memory.base, runtime.memory.end, runtime.memory.end, runtime.stackTop];
  const tab = [runtime.table.base, runtime.table.base + runtime.table.size];
  const ids: number[] = [];
  const visitors: number[] = [];
  for (const p of manifest.plugins) {
    if (names.has(p.name) || !safeFile(p.file)) return false;
    names.add(p.name);
    if (p.isolated || p.relocatable) continue;
    const { globals, members } = p.visitorSlots;
    if (!within(p.memory.base, p.memory.end, bytes) || !within(p.table.base, p.table.base + p.table.size, slots)) return false;
    if (!within(Math.min(globals, members), Math.max(globals, members) + 1, slots) || !soundPlugin(p)) return false;
    mem.push(p.memory.base, p.memory.end);
    tab.push(p.table.base, p.table.base + p.table.size);
    ids.push(p.classes.base, p.classes.base + p.classes.count);
    visitors.push(globals, globals + 1, members, members + 1);
  }
  return !overlaps(mem) && !overlaps(tab) && !overlaps(ids) && !overlaps([...tab, ...visitors]);
}

/** {@link unsafeFileReason} finds nothing: each of its reasons needs one of these. */
const safeFile = (file: string) =>
  (file !== "" && file[0] !== "/" && !file.includes(":") && !file.includes("\\") && !file.includes("..")) || unsafeFileReason(file) === undefined;

/** {@link pluginProblems} finds nothing. */
function soundPlugin(p: ManifestPlugin): boolean {
  const { rttiBase } = p.classes;
  if (p.memory.base % MEMORY_BASE_ALIGNMENT !== 0 || (rttiBase !== 0 && (rttiBase < p.memory.base || rttiBase >= p.memory.end))) return false;
  if (p.classes.count > 0 && p.classes.base < FIRST_PLUGIN_CLASS_ID) return false;
  if (!p.slot) return true;
  const { memory, table } = p.slot;
  const own = (start: number, end: number, range: { base: number; size: number }) => start >= range.base && end <= range.base + range.size;
  const { globals, members } = p.visitorSlots;
  return (
    own(p.memory.base, Math.max(p.memory.end, p.memory.base + 1), memory) &&
    own(globals, globals + 1, table) &&
    own(members, members + 1, table) &&
    (p.table.size <= 0 || own(p.table.base, p.table.base + p.table.size, table))
  );
}

/** Room for the index of a range in a sort key of {@link overlaps}. */
const INDEX_SPAN = 2 ** 20;

/**
 * Whether two of the non-empty ranges `[flat[k], flat[k + 1])` (k even) overlap, i.e. whether
 * {@link firstOverlap} finds a pair: sorted by start, some range starts before the one before it ends.
 */
function overlaps(flat: number[]): boolean {
  // More ranges than the key has room for: said to overlap, so the named checks decide.
  if (flat.length >> 1 >= INDEX_SPAN) return true;
  // Sorted as numbers, without a comparator: each non-empty range's start (< 2^32) times 2^20
  // plus its index, exact in a double.
  const keys = new Float64Array(flat.length >> 1);
  let n = 0;
  for (let k = 0; k < flat.length; k += 2) {
    if (!(flat[k] >= 0 && flat[k] < 2 ** 32 && Number.isInteger(flat[k]))) return true; // not a key: the named checks decide
    if (flat[k + 1] > flat[k]) keys[n++] = flat[k] * INDEX_SPAN + (k >> 1);
  }
  const sorted = keys.subarray(0, n).sort();
  let end = Number.NEGATIVE_INFINITY;
  for (const key of sorted) {
    const at = (key % INDEX_SPAN) * 2;
    if (flat[at] < end) return true;
    end = flat[at + 1];
  }
  return false;
}
