import { ABI_VERSION } from "@shared-rt/runtime";
import type { ExportSignature, PluginLayout } from "shared-init";
import { LinkError } from "./errors.js";

const PRIMITIVE = /^(i8|u8|i16|u16|i32|u32|i64|u64|isize|usize|f32|f64|bool|string|void)$/;

function spell(s: ExportSignature): string {
  return `${s.wasm ?? "?"} (${s.params.join(", ")}) => ${s.result}`;
}

/**
 * Whether an import's declared signature agrees with the export it resolves to. The wasm
 * types must be equal (instantiation would fail otherwise). AssemblyScript types must agree
 * where either side is a primitive or `string`; class types may differ in name, since a
 * plugin declares its own view of another plugin's class.
 */
export function signaturesAgree(imported: ExportSignature, exported: ExportSignature): boolean {
  if (imported.wasm && exported.wasm && imported.wasm !== exported.wasm) return false;
  const pairs: [string, string][] = [[imported.result, exported.result], ...imported.params.map((p, i): [string, string] => [p, exported.params[i] ?? "?"])];
  if (imported.params.length !== exported.params.length) return false;
  return pairs.every(([a, b]) => a === b || (!PRIMITIVE.test(a.replace(/ \| null$/, "")) && !PRIMITIVE.test(b.replace(/ \| null$/, ""))));
}

export function checkSignature(importer: string, exporter: string, name: string, imported: ExportSignature | undefined, exported: ExportSignature | undefined): void {
  if (!imported || !exported) return;
  if (!signaturesAgree(imported, exported)) {
    throw new LinkError(
      "IMPORT_SIGNATURE_MISMATCH",
      `plugin '${importer}' imports '${exporter}.${name}' with type ${spell(imported)}, plugin '${exporter}' exports it with type ${spell(exported)}`,
    );
  }
}

export interface NamedRange {
  owner: string;
  start: number;
  end: number;
}

/** Throws when two owners' ranges of one kind overlap. */
export function checkOverlaps(kind: "memory" | "table" | "class-id", ranges: NamedRange[]): void {
  const sorted = ranges.filter((r) => r.end > r.start).sort((a, b) => a.start - b.start);
  for (let i = 1; i < sorted.length; ++i) {
    const a = sorted[i - 1];
    const b = sorted[i];
    if (b.start < a.end) {
      throw new LinkError(
        "OVERLAPPING_RANGES",
        `${kind} ranges overlap: ${a.owner} has ${a.start}..${a.end - 1}, ${b.owner} has ${b.start}..${b.end - 1}`,
      );
    }
  }
}

/** Refuses a plugin built for another ABI or another collector than the project's. */
export function checkPluginLayout(name: string, layout: PluginLayout, collector: string): void {
  if (layout.abi !== ABI_VERSION) {
    throw new LinkError("ABI_MISMATCH", `plugin '${name}' was built for shared-rt ABI ${layout.abi}, this linker and runtime speak ABI ${ABI_VERSION}`);
  }
  if (layout.collector !== collector) {
    throw new LinkError("COLLECTOR_MISMATCH", `plugin '${name}' was built for the ${layout.collector} collector, the project uses ${collector}`);
  }
}
