import {
  ABI_VERSION,
  classLayoutMismatchMessage,
  compilerName,
  describeOverlap,
  firstClassLayoutDifference,
  firstOverlap,
  type ExportSignature,
  type NamedRange,
  type PluginLayout,
} from "@shared-rt/abi";
import { version as ascVersion } from "assemblyscript/asc";
import type { Slot } from "./assign-slots.js";
import type { CompiledPlugin } from "./compile-plugin.js";
import { LinkError } from "./errors.js";

function spell(s: ExportSignature): string {
  return `${s.wasm ?? "?"} (${s.params.join(", ")}) => ${s.result}`;
}

const NULLABLE = / \| null$/;

/**
 * Whether a value declared `given` on one side may be taken as `wanted` on the other: the
 * same type (generic arguments and nullability included), or a subclass of it (by `bases`,
 * the giving side's record of its class types' bases), non-null where null is allowed.
 */
function assignable(given: string, wanted: string, bases: Record<string, string[]> | undefined): boolean {
  if (given === wanted) return true;
  if (NULLABLE.test(given) && !NULLABLE.test(wanted)) return false;
  const g = given.replace(NULLABLE, "");
  const w = wanted.replace(NULLABLE, "");
  return g === w || (bases?.[g]?.includes(w) ?? false);
}

/**
 * Whether an import's declared signature agrees with the export it resolves to. The wasm
 * types must be equal (instantiation would fail otherwise), and so must the AssemblyScript
 * types, in full: `Array<i32>` is not `Array<i64>`. Arguments may be of a subclass of what
 * the export takes, the result of a subclass of what the import expects.
 */
export function signaturesAgree(imported: ExportSignature, exported: ExportSignature): boolean {
  if (imported.wasm && exported.wasm && imported.wasm !== exported.wasm) return false;
  if (imported.params.length !== exported.params.length) return false;
  return assignable(exported.result, imported.result, exported.bases) && imported.params.every((p, i) => assignable(p, exported.params[i], imported.bases));
}

export function checkSignature(
  importer: string,
  exporter: string,
  name: string,
  imported: ExportSignature | undefined,
  exported: ExportSignature | undefined,
): void {
  if (!imported || !exported) return;
  if (!signaturesAgree(imported, exported)) {
    throw new LinkError(
      "IMPORT_SIGNATURE_MISMATCH",
      `plugin '${importer}' imports '${exporter}.${name}' with type ${spell(imported)}, plugin '${exporter}' exports it with type ${spell(exported)}`,
    );
  }
}

/** Throws when two owners' ranges of one kind overlap. */
export function checkOverlaps(kind: "memory" | "table" | "class-id", ranges: NamedRange[]): void {
  const overlap = firstOverlap(ranges);
  if (overlap) throw new LinkError("OVERLAPPING_RANGES", describeOverlap(kind, overlap));
}

/**
 * Throws when the linked (not relocatable) plugins' memory, table slots or class ids overlap.
 * `classIds: false` skips the class ids (for the fault that makes them collide on purpose).
 */
export function checkPlacement(compiled: CompiledPlugin[], slots: Map<string, Slot>, classIds: boolean): void {
  const fixed = compiled.filter((c) => !c.layout.relocatable);
  const owner = (c: CompiledPlugin) => `plugin '${c.name}'`;
  checkOverlaps(
    "memory",
    fixed.map((c) => ({ owner: owner(c), start: c.layout.memory.base, end: c.layout.memory.end })),
  );
  checkOverlaps(
    "table",
    fixed.map((c) => {
      const { table } = slots.get(c.name)!;
      return { owner: owner(c), start: table.base, end: table.base + table.size };
    }),
  );
  if (classIds)
    checkOverlaps(
      "class-id",
      fixed.map((c) => ({ owner: owner(c), start: c.layout.classes.base, end: c.layout.classes.base + c.layout.classes.count })),
    );
}

/**
 * Refuses a plugin built for another ABI, another collector or with another AssemblyScript than
 * the project's. `origin` says where a prebuilt plugin came from (`package '@acme/x', file …`).
 */
export function checkPluginLayout(name: string, layout: PluginLayout, collector: string, origin?: string): void {
  const plugin = `plugin '${name}'${origin ? ` (${origin})` : ""}`;
  if (layout.abi !== ABI_VERSION) {
    throw new LinkError("ABI_MISMATCH", `${plugin} was built for shared-rt ABI ${layout.abi}, this linker and runtime speak ABI ${ABI_VERSION}`);
  }
  if (layout.collector !== collector) {
    throw new LinkError("COLLECTOR_MISMATCH", `${plugin} was built for the ${layout.collector} collector, the project uses ${collector}`);
  }
  const compiler = compilerName(ascVersion);
  if (layout.compiler !== undefined && layout.compiler !== compiler) {
    throw new LinkError(
      "COMPILER_MISMATCH",
      `${plugin} was built with ${layout.compiler}, this project builds its runtime and plugins with ${compiler}; rebuild it with ${compiler}`,
    );
  }
}

/**
 * Throws when two plugins define a class of one canonical name with different layouts (base
 * class, fields, size): an object one of them made would be misread by the other. Every pair is
 * compared, in the order given; `plugins` are those sharing one memory (not isolated ones).
 */
export function checkClassLayouts(plugins: { name: string; layout: PluginLayout }[]): void {
  for (let i = 0; i < plugins.length; ++i) {
    const a = plugins[i];
    if (!a.layout.classes.layouts) continue;
    for (const b of plugins.slice(i + 1)) {
      if (!b.layout.classes.layouts) continue;
      const difference = firstClassLayoutDifference(a.layout.classes.layouts, b.layout.classes.layouts, a.name, b.name);
      if (difference) throw new LinkError("CLASS_LAYOUT_MISMATCH", classLayoutMismatchMessage(difference, a.name, b.name));
    }
  }
}
