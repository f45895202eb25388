import type { ExportSignature } from "@shared-rt/abi";

/** Types a declaration module can spell without importing anything. */
const STANDARD =
  /^(void|bool|[iuf](8|16|32|64)|[iu]size|string|(Array|StaticArray|Set|Map)<.*>|(Int|Uint|Float)(8|16|32|64)(Clamped)?Array|ArrayBuffer)( \| null)?$/;

/**
 * The AssemblyScript declaration module of a plugin: one `@external` declaration per export,
 * so that another plugin writes `import { tokenize } from "@acme/tokenizer"` and is
 * type-checked against the plugin's signatures. Every parameter is declared required
 * (AssemblyScript has no defaults in declarations). An export whose signature names a class of
 * a shared API is left out, with a comment naming it: the module cannot import a type it does
 * not ship.
 */
export function pluginDeclarations(plugin: string, exports: Record<string, ExportSignature>): string {
  const lines = [
    `// Declarations of plugin '${plugin}' (written by shared-rt pack): import these to call it.`,
    `// In shared-rt.json the plugin must be named '${plugin}'.`,
  ];
  const skipped: string[] = [];
  const declarations: string[] = [];
  for (const [name, signature] of Object.entries(exports).sort(([a], [b]) => (a < b ? -1 : 1))) {
    const foreign = [...signature.params, signature.result].filter((type) => !STANDARD.test(type));
    if (foreign.length) {
      skipped.push(`${name} (${[...new Set(foreign)].join(", ")})`);
      continue;
    }
    const params = signature.params.map((type, k) => `a${k}: ${type}`);
    declarations.push(`@external("${plugin}", "${name}")\nexport declare function ${name}(${params.join(", ")}): ${signature.result};`);
  }
  if (skipped.length) {
    lines.push(`// Not declared, because their signatures name classes of a shared API: ${skipped.join("; ")}.`);
    lines.push(`// Declare them with @external("${plugin}", "<name>") next to an import of those classes.`);
  }
  return `${lines.join("\n")}\n\n${declarations.join("\n\n")}\n`;
}
