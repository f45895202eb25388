import { SharedRtError } from "@shared-rt/runner/node";
import { build } from "./cli/build.js";
import { link } from "./cli/link.js";
import { map } from "./cli/map.js";
import { pack } from "./cli/pack.js";
import { run } from "./cli/run.js";
import { LinkError } from "./errors.js";
import { PROJECT_FILE } from "./project.js";

// The `shared-rt` command: dispatches to one module per command (src/cli/).

const USAGE = `shared-rt — many AssemblyScript plugins, one memory, one runtime

Usage:
  shared-rt build [-p <project file>]                    compile and link every plugin
  shared-rt run [<plugin>.<export> [args…]] [-p <file>] [--json]
                                                         load the built project and call an export
  shared-rt map [-p <project file>] [-o <file.svg>]      draw the linked layout as an SVG
  shared-rt pack <plugin> [-p <file>] [-o <dir>]         write a relocatable plugin as an npm package
  shared-rt link <a.wasm> <b.wasm>… [-o <dir>]           link prebuilt (hand-built) plugins without a project
  shared-rt <command> --help                             help for one command

Options:
  -p, --project <file>   project file (default: ./${PROJECT_FILE})
  -h, --help             show help
  -v, --version          show the version
`;

async function version(): Promise<string> {
  const { readFile } = await import("node:fs/promises");
  const pkg = JSON.parse(await readFile(new URL("../package.json", import.meta.url), "utf8")) as { version: string };
  return pkg.version;
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
    case "pack":
      return pack(rest);
    case "link":
      return link(rest);
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

/** Known failures print their message; anything else is a bug, printed with its stack. */
function reportError(error: unknown): void {
  if (error instanceof LinkError || error instanceof SharedRtError) {
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
