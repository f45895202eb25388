import { loadManifestFile } from "@shared-rt/runner/node";
import { LinkError } from "../errors.js";
import { type CommandSpec, parseCommand, printedHelp } from "./command-spec.js";
import { builtProject, PROJECT_OPTION } from "./project-path.js";
import { commandLineArgument, hideNegativeNumbers, restoreNegativeNumber, resultText } from "./run-values.js";

export const RUN = {
  name: "run",
  args: "[<plugin>.<export> [args…]]",
  summary: "load the built project and call an export",
  description: `
Loads the built project (the runtime, then every plugin in dependency order, each registered
before its start function runs) and calls <plugin>.<export> (split at the last '.', so a plugin
name may hold dots). A returned string is printed as text, nothing for void, anything else as
JSON (an array as ["a,b","c"], a Map as an object or as [key, value] pairs). Arguments are
taken as the export's parameters declare: numbers as numbers (negative ones too: -5), i64 as
exact integers, true/false for a bool, JSON for an array, Set, typed array or Map parameter
('["a","b"]', '{"x":1}'), the text itself for a string. With no target the project is only
loaded. A trap or abort prints a message naming the plugin and export, and exits non-zero.`,
  options: {
    project: PROJECT_OPTION,
    json: { type: "boolean", help: "print the result as one JSON value, always (a string quoted, void as null)" },
  },
} satisfies CommandSpec;

/** `shared-rt run`: loads the built project and calls one export with arguments from the command line. */
export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommand(RUN, hideNegativeNumbers(argv));
  if (printedHelp(RUN, values)) return 0;
  const { manifestPath } = await builtProject(values.project);
  // The built project is what runs: its host module is the bundle in the outDir (manifest.host).
  const host = await loadManifestFile(manifestPath);
  const [target, ...rawArgs] = positionals.map(restoreNegativeNumber);
  if (!target) return 0;
  // Export names are identifiers, never dotted; plugin names may be (`acme.words`).
  const dot = target.lastIndexOf(".");
  if (dot <= 0 || dot === target.length - 1) {
    throw new LinkError("BAD_TARGET", `expected <plugin>.<export>, found '${target}'`);
  }
  const pluginName = target.slice(0, dot);
  const exportName = target.slice(dot + 1);
  const params = host.plugin(pluginName).manifest.exports[exportName]?.params;
  const result = host.call(pluginName, exportName, ...rawArgs.map((arg, i) => commandLineArgument(arg, params?.[i])));
  process.stdout.write(resultText(result, values.json === true));
  return 0;
}
