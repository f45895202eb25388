import path from "node:path";
import { LinkError } from "../errors.js";
import { readProject } from "../project.js";
import { progressPrinter, type ProgressPrinter } from "./build-progress.js";
import { type CommandSpec, parseCommand, printedHelp } from "./command-spec.js";
import { PROJECT_OPTION, projectPath } from "./project-path.js";
import { watch } from "./watch.js";

export const BUILD = {
  name: "build",
  summary: "compile and link every plugin; writes <outDir>/manifest.json",
  description: `
Compiles every plugin of the project with asc and the shared-init transform, each in its own
slot of memory, table and class ids, builds the shared runtime above them, and writes
<outDir>/manifest.json with the wasm files. Plugins whose sources did not change are reused;
an edited plugin that still fits its slot is recompiled alone. Prints a line as each plugin
starts compiling and as each module is done (on a terminal, a progress line too). Exits
non-zero with a message on any error; compiler diagnostics name file:line:col.`,
  options: {
    project: PROJECT_OPTION,
    json: { type: "boolean", help: "print the result (or the error) as JSON on stdout, and no progress" },
    watch: { type: "boolean", short: "w", help: "rebuild whenever an input changes (sources, shared files, project file, host module)" },
    clean: { type: "boolean", help: "ignore the previous build: compile and place everything afresh" },
    quiet: { type: "boolean", short: "q", help: "print nothing but warnings and errors" },
  },
} satisfies CommandSpec;

interface BuildFlags {
  json?: boolean;
  quiet?: boolean;
}

/** `shared-rt build`: builds once, or on every change with --watch. */
export async function build(argv: string[]): Promise<number> {
  const { values } = parseCommand(BUILD, argv);
  if (printedHelp(BUILD, values)) return 0;
  const file = projectPath(values.project);
  const once = (clean: boolean) => buildOnce(file, clean, values);
  if (!values.watch) return once(Boolean(values.clean));
  return watch(file, () => once(false), values.clean ? () => once(true) : undefined);
}

/** One build, reported as text on stderr or (--json) as one JSON line on stdout. */
async function buildOnce(file: string, clean: boolean, flags: BuildFlags): Promise<number> {
  // Loaded on demand: the compiler is heavy and `run` does not need it.
  const { buildProject } = await import("../build-project.js");
  const started = performance.now();
  let progress: ProgressPrinter | undefined;
  try {
    progress = await printer(file, flags);
    const result = await buildProject(file, { clean, onProgress: progress.onProgress, onStep: progress.onStep });
    // Warnings show even with --quiet, as the compiler's do.
    if (!flags.json) for (const warning of result.warnings) progress.line(warning);
    progress.end();
    const ms = Math.round(performance.now() - started);
    const rel = path.relative(process.cwd(), result.manifestPath) || result.manifestPath;
    if (flags.json) {
      const modules = result.events.map((e) => ({ ...e, ms: Math.round(e.ms) }));
      process.stdout.write(`${JSON.stringify({ ok: true, manifest: rel, ms, modules, warnings: result.warnings })}\n`);
      return 0;
    }
    if (!flags.quiet) {
      process.stderr.write(`built ${result.manifest.plugins.length} plugin(s) in ${ms} ms -> ${rel}\n`);
    }
    return 0;
  } catch (error) {
    progress?.end();
    if (!flags.json || !(error instanceof LinkError)) throw error;
    const diagnostics = error.diagnostics ? { diagnostics: error.diagnostics } : {};
    const problems = error.problems ? { problems: error.problems } : {};
    process.stdout.write(`${JSON.stringify({ ok: false, error: { code: error.code, message: error.message, ...diagnostics, ...problems } })}\n`);
    return 1;
  }
}

/** The progress printer of one build; the plugin count (for the bar) only when the bar shows. */
async function printer(file: string, flags: BuildFlags): Promise<ProgressPrinter> {
  const { formatDiagnostic } = await import("@shared-rt/runtime/asc");
  const tty = process.stderr.isTTY === true;
  const plugins = tty && !flags.quiet && !flags.json ? (await readProject(file)).plugins.length : undefined;
  return progressPrinter({ ...flags, tty, plugins, formatDiagnostic, write: (text) => process.stderr.write(text) });
}
