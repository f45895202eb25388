import path from "node:path";
import { parseArgs } from "node:util";
import type { BuildEvent } from "../build-options.js";
import { LinkError } from "../errors.js";
import { PROJECT_FILE } from "../project.js";
import { projectPath } from "./project-path.js";
import { watch } from "./watch.js";

export const BUILD_USAGE = `Usage: shared-rt build [-p <project file>] [--json] [--watch] [--clean]

Compiles every plugin of the project with asc and the shared-init transform, each in its own
slot of memory, table and class ids, builds the shared runtime above them, and writes
<outDir>/manifest.json with the wasm files. Plugins whose sources did not change are reused;
an edited plugin that still fits its slot is recompiled alone. Exits non-zero with a message
on any error; compiler diagnostics name file:line:col.

Options:
  -p, --project <file>   project file (default: ./${PROJECT_FILE})
      --json             print the result (or the error) as JSON on stdout
  -w, --watch            rebuild whenever a source or the project file changes
      --clean            ignore the previous build: compile and place everything afresh
  -q, --quiet            print nothing on success
  -h, --help             show this help
`;

interface BuildFlags {
  json?: boolean;
  quiet?: boolean;
}

/** `shared-rt build`: builds once, or on every change with --watch. */
export async function build(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      project: { type: "string", short: "p" },
      quiet: { type: "boolean", short: "q" },
      json: { type: "boolean" },
      watch: { type: "boolean", short: "w" },
      clean: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
    allowPositionals: false,
  });
  if (values.help) {
    process.stdout.write(BUILD_USAGE);
    return 0;
  }
  const file = projectPath(values.project);
  const once = (clean: boolean) => buildOnce(file, clean, values);
  if (!values.watch) return once(Boolean(values.clean));
  return watch(file, () => once(false), values.clean ? () => once(true) : undefined);
}

/** One build, reported as text on stderr or (--json) as one JSON line on stdout. */
async function buildOnce(file: string, clean: boolean, flags: BuildFlags): Promise<number> {
  // Loaded on demand: the compiler is heavy and `run` does not need it.
  const { buildProject } = await import("../build-project.js");
  const progress = await progressPrinter(flags);
  const started = performance.now();
  try {
    const result = await buildProject(file, { clean, onProgress: progress });
    const ms = Math.round(performance.now() - started);
    const rel = path.relative(process.cwd(), result.manifestPath) || result.manifestPath;
    if (flags.json) {
      const modules = result.events.map((e) => ({ ...e, ms: Math.round(e.ms) }));
      process.stdout.write(`${JSON.stringify({ ok: true, manifest: rel, ms, modules, warnings: result.warnings })}\n`);
      return 0;
    }
    // Warnings show even with --quiet, as the compiler's do.
    for (const warning of result.warnings) process.stderr.write(`${warning}\n`);
    if (!flags.quiet) {
      process.stderr.write(`built ${result.manifest.plugins.length} plugin(s) in ${ms} ms -> ${rel}\n`);
    }
    return 0;
  } catch (error) {
    if (!flags.json || !(error instanceof LinkError)) throw error;
    const diagnostics = error.diagnostics ? { diagnostics: error.diagnostics } : {};
    const problems = error.problems ? { problems: error.problems } : {};
    process.stdout.write(`${JSON.stringify({ ok: false, error: { code: error.code, message: error.message, ...diagnostics, ...problems } })}\n`);
    return 1;
  }
}

/** Prints each module compiled or reused, and its warnings, as it happens (nothing with --json). */
async function progressPrinter(flags: BuildFlags): Promise<(event: BuildEvent) => void> {
  const { formatDiagnostic } = await import("@shared-rt/runtime/asc");
  return (e) => {
    if (flags.json) return;
    // Warnings show even with --quiet, as asc shows them.
    for (const d of e.diagnostics ?? []) process.stderr.write(`${formatDiagnostic(d)}\n`);
    if (flags.quiet) return;
    const how = e.prebuilt ? `prebuilt: ${e.prebuilt}${e.cached ? ", unchanged" : ""}` : e.cached ? "unchanged" : `${Math.round(e.ms)} ms`;
    process.stderr.write(`  ${e.name}: ${e.bytes} bytes (${how})\n`);
  };
}
