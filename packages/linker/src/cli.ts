import { RuntimeBuildError } from "@shared-rt/runtime";
import { SharedRtError } from "@shared-rt/runner/node";
import { BUILD, build } from "./cli/build.js";
import { type CommandSpec, optionLines, synopsis } from "./cli/command-spec.js";
import { INIT, init } from "./cli/init.js";
import { LINK, link } from "./cli/link.js";
import { MAP, map } from "./cli/map.js";
import { PACK, pack } from "./cli/pack.js";
import { RUN, run } from "./cli/run.js";
import { LinkError } from "./errors.js";

// The `shared-rt` command: dispatches to one module per command (src/cli/). Each command's
// options are one table (its CommandSpec), which both its parser and every help text read.

const COMMANDS: { spec: CommandSpec; main: (argv: string[]) => Promise<number> }[] = [
  { spec: INIT, main: init },
  { spec: BUILD, main: build },
  { spec: RUN, main: run },
  { spec: MAP, main: map },
  { spec: PACK, main: pack },
  { spec: LINK, main: link },
];

/** The top-level help: every command with its options. */
export function usage(): string {
  const commands = COMMANDS.map(({ spec }) => `  ${synopsis(spec)}\n      ${spec.summary}\n${optionLines(spec.options, "        ", false)}`);
  return `shared-rt — many AssemblyScript plugins, one memory, one runtime

Usage: shared-rt <command> [options]

Commands:
${commands.join("\n")}
  shared-rt <command> --help
      the command's help, with what it does

Options:
  -h, --help      show this help
  -v, --version   print the version of @shared-rt/linker
`;
}

async function version(): Promise<string> {
  const { readFile } = await import("node:fs/promises");
  const pkg = JSON.parse(await readFile(new URL("../package.json", import.meta.url), "utf8")) as { version: string };
  return pkg.version;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const found = COMMANDS.find((c) => c.spec.name === command);
  if (found) return found.main(rest);
  switch (command) {
    case "-v":
    case "--version":
      process.stdout.write(`${await version()}\n`);
      return 0;
    case undefined:
    case "-h":
    case "--help":
    case "help":
      process.stdout.write(usage());
      return command === undefined ? 1 : 0;
    default:
      process.stderr.write(`shared-rt: unknown command '${command}'\n\n${usage()}`);
      return 1;
  }
}

/**
 * Known failures print their message (a runtime that does not build names its cause, see the
 * runtime's README); anything else is a bug, printed with its stack.
 */
function reportError(error: unknown): void {
  if (error instanceof LinkError || error instanceof SharedRtError || error instanceof RuntimeBuildError) {
    process.stderr.write(`shared-rt: ${error.message}\n`);
  } else if (error instanceof Error && (error as NodeJS.ErrnoException).code?.startsWith("ERR_PARSE_ARGS")) {
    process.stderr.write(`shared-rt: ${error.message}\n`);
  } else {
    process.stderr.write(`shared-rt: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    reportError(error);
    process.exitCode = 1;
  },
);
