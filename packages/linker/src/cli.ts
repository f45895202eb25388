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
  shared-rt <command> --help                             help for one command

Options:
  -p, --project <file>   project file (default: ./${PROJECT_FILE})
  -h, --help             show help
  -v, --version          show the version
`;

const BUILD_USAGE = `Usage: shared-rt build [-p <project file>]

Compiles every plugin of the project with asc and the shared-init transform, each at its own
memory base, table base and class-id range, builds the shared runtime above them, and writes
<outDir>/manifest.json with the wasm files. Exits non-zero with a message on any error.

Options:
  -p, --project <file>   project file (default: ./${PROJECT_FILE})
  -q, --quiet            print nothing on success
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

async function build(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { project: { type: "string", short: "p" }, quiet: { type: "boolean", short: "q" }, help: { type: "boolean", short: "h" } },
    allowPositionals: false,
  });
  if (values.help) {
    process.stdout.write(BUILD_USAGE);
    return 0;
  }
  const file = projectPath(values.project);
  const started = performance.now();
  // Loaded on demand: the compiler is heavy and `run` does not need it.
  const { buildProject } = await import("./build-project.js");
  const result = await buildProject(file, {
    onProgress: (e) => {
      if (!values.quiet) process.stderr.write(`  ${e.name}: ${e.bytes} bytes (${e.cached ? "unchanged" : `${Math.round(e.ms)} ms`})\n`);
    },
  });
  if (!values.quiet) {
    const rel = path.relative(process.cwd(), result.manifestPath) || result.manifestPath;
    process.stderr.write(`built ${result.manifest.plugins.length} plugin(s) in ${Math.round(performance.now() - started)} ms -> ${rel}\n`);
  }
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
  const project = await readProject(projectPath(values.project));
  const manifestPath = path.join(project.outDir, "manifest.json");
  if (!existsSync(manifestPath)) {
    throw new LinkError("NOT_BUILT", `the project ${path.relative(process.cwd(), project.file) || project.file} has not been built (no ${manifestPath}); run 'shared-rt build' first`);
  }
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
    const wantsString = signature && kindOf(signature.params[i] ?? "") === "string";
    return NUMERIC.test(arg) && !wantsString ? Number(arg) : arg;
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
