import type ascNs from "assemblyscript/asc";
import { readFile } from "node:fs/promises";
import path from "node:path";

/** A diagnostic from the AssemblyScript compiler, with the place it points at. */
export interface AscDiagnostic {
  message: string;
  code: number;
  category: "error" | "warning" | "info" | "pedantic";
  file?: string;
  line?: number;
  column?: number;
  /** The code frame asc prints under the message (the source line, a marker, `in file(l,c)`). */
  frame?: string;
}

export interface AscRun {
  /** Emitted files by name (as given to --outFile / --textFile). */
  outputs: Map<string, Uint8Array | string>;
  diagnostics: AscDiagnostic[];
  /** Everything the compiler printed to stderr (formatted diagnostics, crash reports). */
  stderr: string;
  /** Every file asc asked for, by absolute path, with its text or null where it did not exist. */
  filesRead: Map<string, string | null>;
  error: Error | null;
}

/** asc's `DiagnosticCategory`, by value. */
const CATEGORIES = ["pedantic", "info", "warning", "error"] as const;

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; ++i) {
    if (text.charCodeAt(i) === 10) {
      ++line;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/**
 * Runs asc in-process. Outputs stay in memory; sources are read from disk through asc's own
 * reader. `transforms` may hold transform classes (asc instantiates them and gives them the
 * program and binaryen) as well as instances.
 */
export async function runAsc(argv: string[], transforms: unknown[] = []): Promise<AscRun> {
  // Loaded on demand: importing the compiler takes longer than running a project.
  const asc = (await import("assemblyscript/asc")).default as typeof ascNs;
  const outputs = new Map<string, Uint8Array | string>();
  const diagnostics: AscDiagnostic[] = [];
  const stderr = asc.createMemoryStream();
  const stdout = asc.createMemoryStream();
  const sourceTexts = new Map<string, string | null>();
  let printedBefore = 0;
  const result = await asc.main(argv, {
    stdout,
    stderr,
    transforms: transforms as never,
    readFile: async (name: string, baseDir: string) => {
      const full = path.resolve(baseDir, name);
      try {
        const text = await readFile(full, "utf8");
        sourceTexts.set(full, text);
        return text;
      } catch {
        sourceTexts.set(full, null);
        return null;
      }
    },
    writeFile: (name: string, contents: Uint8Array | string) => {
      outputs.set(name, contents);
    },
    reportDiagnostic: (d) => {
      const diagnostic: AscDiagnostic = {
        message: d.message,
        code: d.code,
        category: CATEGORIES[d.category] ?? "error",
      };
      // asc writes each diagnostic, formatted with its code frame, to stderr just before it
      // reports it here: what stderr gained since the last one is this one's text.
      const printed = stderr.toString();
      const frame = printed.slice(printedBefore).trim().split("\n").slice(1).join("\n");
      printedBefore = printed.length;
      if (frame) diagnostic.frame = frame;
      if (d.range?.source) {
        diagnostic.file = d.range.source.normalizedPath;
        for (const [full, text] of sourceTexts) {
          if (text !== null && full.endsWith(diagnostic.file)) {
            Object.assign(diagnostic, lineAndColumn(text, d.range.start));
            break;
          }
        }
      }
      diagnostics.push(diagnostic);
    },
  });
  return { outputs, diagnostics, stderr: stderr.toString(), error: result.error, filesRead: sourceTexts };
}

/** Formats a diagnostic as `file:line:col: category ASnnn: message`, then asc's code frame. */
export function formatDiagnostic(d: AscDiagnostic): string {
  const where = d.file ? `${d.file}${d.line ? `:${d.line}:${d.column}` : ""}: ` : "";
  return `${where}${d.category} AS${d.code}: ${d.message}${d.frame ? `\n${d.frame}` : ""}`;
}
