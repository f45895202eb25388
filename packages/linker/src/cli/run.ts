import { parseArgs } from "node:util";
import type { ExportSignature } from "@shared-rt/abi";
import { importHostModule, kindOf, loadManifestFile } from "@shared-rt/runner/node";
import { LinkError } from "../errors.js";
import { PROJECT_FILE } from "../project.js";
import { builtProject } from "./project-path.js";

export const RUN_USAGE = `Usage: shared-rt run [<plugin>.<export> [args…]] [-p <project file>]

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

/** `shared-rt run`: loads the built project and calls one export with arguments from the command line. */
export async function run(argv: string[]): Promise<number> {
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
  const result = host.call(pluginName, exportName, ...rawArgs.map((arg, i) => argument(arg, signature, i)));
  if (result !== undefined) process.stdout.write(`${typeof result === "string" ? result : String(result)}\n`);
  return 0;
}

/** A command-line argument as the value the export's i-th parameter takes. */
function argument(arg: string, signature: ExportSignature | undefined, i: number): string | number | boolean {
  const kind = signature ? kindOf(signature.params[i] ?? "") : undefined;
  // A bool parameter takes true/false (or a number); other text stays text for it to refuse.
  if (kind === "bool" && (arg === "true" || arg === "false")) return arg === "true";
  return NUMERIC.test(arg) && kind !== "string" ? Number(arg) : arg;
}
