import { existsSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { importHostModule, kindOf, loadManifestFile, SharedRtError } from "@shared-rt/runner/node";
import { LinkError } from "./errors.js";
import { PROJECT_FILE, readProject } from "./project.js";

const USAGE = `shared-rt — many AssemblyScript plugins, one memory, one runtime

Usage:
  shared-rt build [-p <project file>]                    compile and link every plugin
  shared-rt run [<plugin>.<export> [args…]] [-p <file>]  load the built project and call an export
  shared-rt map [-p <project file>] [-o <file.svg>]      draw the linked layout as an SVG
  shared-rt <command> --help                             help for one command

Options:
  -p, --project <file>   project file (default: ./${PROJECT_FILE})
  -h, --help             show help
  -v, --version          show the version
`;

const BUILD_USAGE = `Usage: shared-rt build [-p <project file>] [--json] [--watch] [--clean]

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

const MAP_USAGE = `Usage: shared-rt map [-p <project file>] [-o <file.svg>]

Draws the linked layout of a built project as a self-contained SVG: every plugin's memory
slot (what its static data uses, and its headroom), the runtime, the shared stack and the
heap; the table slots; the class-id ranges. Hover a box for its exact range.

Options:
  -p, --project <file>   project file (default: ./${PROJECT_FILE})
  -o, --output <file>    where to write the SVG (default: <outDir>/layout.svg)
  -h, --help             show this help
`;

const RUN_USAGE = `Usage: shared-rt run [<plugin>.<export> [args…]] [-p <project file>]

Loads the built project (the runtime, then every plugin in dependency order, each registered
before its start function runs) and calls <plugin>.<export>. A returned string is printed as
text, a number as a number, nothing for void. Numeric arguments are passed as numbers (or as
text where the export takes a string), other arguments as strings. With no target the
project is only loaded. A trap or abort prints a message naming the plugin and export, and
exits non-zero.

Options:
  -p, --project <file>   project file (default: ./${PROJECT_FILE})
  -h, --help             show this help
`;

const NUMERIC = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;

async function version(): Promise<string> {
  const { readFile } = await import("node:fs/promises");
  const pkg = JSON.parse(await readFile(new URL("../package.json", import.meta.url), "utf8")) as { version: string };
  return pkg.version;
}

function projectPath(value: string | undefined): string {
  return path.resolve(value ?? PROJECT_FILE);
}

/** The project and the path of its manifest, which must have been built. */
async function builtProject(file: string | undefined): Promise<{ project: Awaited<ReturnType<typeof readProject>>; manifestPath: string }> {
  const project = await readProject(projectPath(file));
  const manifestPath = path.join(project.outDir, "manifest.json");
  if (!existsSync(manifestPath)) {
    throw new LinkError("NOT_BUILT", `the project ${path.relative(process.cwd(), project.file) || project.file} has not been built (no ${manifestPath}); run 'shared-rt build' first`);
  }
  return { project, manifestPath };
}

async function build(argv: string[]): Promise<number> {
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
  // Loaded on demand: the compiler is heavy and `run` does not need it.
  const { buildProject } = await import("./build-project.js");
  const { formatDiagnostic } = await import("@shared-rt/runtime");
  const once = async (clean: boolean): Promise<number> => {
    const started = performance.now();
    try {
      const result = await buildProject(file, {
        clean,
        onProgress: (e) => {
          if (values.json) return;
          // Warnings show even with --quiet, as asc shows them.
          for (const d of e.diagnostics ?? []) process.stderr.write(`${formatDiagnostic(d)}\n`);
          if (!values.quiet) process.stderr.write(`  ${e.name}: ${e.bytes} bytes (${e.cached ? "unchanged" : `${Math.round(e.ms)} ms`})\n`);
        },
      });
      const ms = Math.round(performance.now() - started);
      const rel = path.relative(process.cwd(), result.manifestPath) || result.manifestPath;
      if (values.json) {
        process.stdout.write(JSON.stringify({ ok: true, manifest: rel, ms, modules: result.events.map((e) => ({ ...e, ms: Math.round(e.ms) })) }) + "\n");
      } else if (!values.quiet) {
        process.stderr.write(`built ${result.manifest.plugins.length} plugin(s) in ${ms} ms -> ${rel}\n`);
      }
      return 0;
    } catch (error) {
      if (!values.json || !(error instanceof LinkError)) throw error;
      const diagnostics = error.diagnostics ? { diagnostics: error.diagnostics } : {};
      process.stdout.write(JSON.stringify({ ok: false, error: { code: error.code, message: error.message, ...diagnostics } }) + "\n");
      return 1;
    }
  };
  if (!values.watch) return once(Boolean(values.clean));
  return watch(file, () => once(false), Boolean(values.clean) ? () => once(true) : undefined);
}

/** Rebuilds on every change below the project's directory (outDir and node_modules aside). */
async function watch(file: string, rebuild: () => Promise<number>, first?: () => Promise<number>): Promise<number> {
  const { watch: watchFiles } = await import("node:fs");
  const project = await readProject(file);
  const report = async (build: () => Promise<number>) => {
    try {
      await build();
    } catch (error) {
      process.stderr.write(`shared-rt: ${error instanceof Error ? error.message : String(error)}\n`);
    }
    process.stderr.write("watching for changes (Ctrl-C to stop)\n");
  };
  let timer: NodeJS.Timeout | undefined;
  let running = Promise.resolve();
  // Watch before the first build, so that no change made during it is missed.
  watchFiles(project.dir, { recursive: true }, (_event, name) => {
    if (!name) return;
    const full = path.resolve(project.dir, name.toString());
    if (full.startsWith(project.outDir + path.sep) || full.includes(`${path.sep}node_modules${path.sep}`)) return;
    if (!/\.(ts|json|mjs|js)$/.test(full)) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      running = running.then(() => report(rebuild));
    }, 100);
  });
  running = report(first ?? rebuild);
  return new Promise<number>(() => {});
}

async function map(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { project: { type: "string", short: "p" }, output: { type: "string", short: "o" }, help: { type: "boolean", short: "h" } },
    allowPositionals: false,
  });
  if (values.help) {
    process.stdout.write(MAP_USAGE);
    return 0;
  }
  const { project, manifestPath } = await builtProject(values.project);
  const { readFile, writeFile } = await import("node:fs/promises");
  const { renderMap } = await import("./render-map.js");
  const manifest = JSON.parse(await readFile(manifestPath, "utf8"));
  const output = path.resolve(values.output ?? path.join(project.outDir, "layout.svg"));
  await writeFile(output, renderMap(manifest, `shared-rt layout: ${path.basename(project.dir)}`));
  process.stderr.write(`wrote ${path.relative(process.cwd(), output) || output}\n`);
  return 0;
}

async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { project: { type: "string", short: "p" }, help: { type: "boolean", short: "h" } },
    allowPositionals: true,
  });
  if (values.help) {
    process.stdout.write(RUN_USAGE);
    return 0;
  }
  const { project, manifestPath } = await builtProject(values.project);
  const hostImports = project.host ? await importHostModule(project.host) : undefined;
  const host = await loadManifestFile(manifestPath, { hostImports });
  const [target, ...rawArgs] = positionals;
  if (!target) return 0;
  const dot = target.indexOf(".");
  if (dot <= 0 || dot === target.length - 1) {
    throw new LinkError("BAD_TARGET", `expected <plugin>.<export>, found '${target}'`);
  }
  const pluginName = target.slice(0, dot);
  const exportName = target.slice(dot + 1);
  const signature = host.plugin(pluginName).manifest.exports[exportName];
  const args = rawArgs.map((arg, i) => {
    const kind = signature ? kindOf(signature.params[i] ?? "") : undefined;
    // A bool parameter takes true/false (or a number); other text stays text for it to refuse.
    if (kind === "bool" && (arg === "true" || arg === "false")) return arg === "true";
    return NUMERIC.test(arg) && kind !== "string" ? Number(arg) : arg;
  });
  const result = host.call(pluginName, exportName, ...args);
  if (result !== undefined) process.stdout.write(`${typeof result === "string" ? result : String(result)}\n`);
  return 0;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case "build":
      return build(rest);
    case "run":
      return run(rest);
    case "map":
      return map(rest);
    case "-v":
    case "--version":
      process.stdout.write(`${await version()}\n`);
      return 0;
    case undefined:
    case "-h":
    case "--help":
    case "help":
      process.stdout.write(USAGE);
      return command === undefined ? 1 : 0;
    default:
      process.stderr.write(`shared-rt: unknown command '${command}'\n\n${USAGE}`);
      return 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof LinkError || error instanceof SharedRtError) {
      process.stderr.write(`shared-rt: ${error.message}\n`);
    } else if (error instanceof Error && (error as NodeJS.ErrnoException).code?.startsWith("ERR_PARSE_ARGS")) {
      process.stderr.write(`shared-rt: ${error.message}\n`);
    } else {
      process.stderr.write(`shared-rt: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    }
    process.exitCode = 1;
  },
);
