import path from "node:path";
import { COLLECTORS, type Collector } from "@shared-rt/abi";
import { LinkError } from "../errors.js";
import type { ModuleToLink } from "../link-modules.js";
import { PROJECT_FILE } from "../project.js";
import { type CommandSpec, commandUsage, parseCommand, printedHelp } from "./command-spec.js";

export const LINK = {
  name: "link",
  args: "<a.wasm> [<name>=<b.wasm>…]",
  summary: "link prebuilt (hand-built) plugins without a project",
  description: `
Links prebuilt relocatable plugins, such as ones built by hand with
  asc plugin.ts --transform shared-init -o plugin.wasm
without a ${PROJECT_FILE} of yours: places them, builds the runtime, and writes the manifest,
runtime and linked plugins to <dir>, with a ${PROJECT_FILE} there that repeats the link
(shared-rt build -p <dir>/${PROJECT_FILE}) and runs it (shared-rt run -p <dir>/${PROJECT_FILE} …).
A plugin is named after its file (b.wasm is 'b'), or as given with <name>=<file>; another
plugin imports its exports with @external("<name>", "<export>").`,
  options: {
    out: { type: "string", short: "o", value: "<dir>", help: "output directory (default: ./build)" },
    collector: { type: "string", value: "<c>", help: `${COLLECTORS.join(" or ")} (default: the plugins' own)` },
  },
} satisfies CommandSpec;

/** `shared-rt link <a.wasm>…`: links prebuilt plugins into an output directory. */
export async function link(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommand(LINK, argv);
  if (printedHelp(LINK, values)) return 0;
  if (positionals.length === 0) {
    process.stderr.write(`shared-rt link: expected at least one .wasm file\n\n${commandUsage(LINK)}`);
    return 1;
  }
  const plugins = positionals.map(moduleArgument);
  const { linkModules } = await import("../link-modules.js");
  const { manifestPath, manifest } = await linkModules(plugins, {
    outDir: values.out ?? "build",
    collector: values.collector as Collector | undefined,
  });
  process.stderr.write(`linked ${manifest.plugins.map((p) => p.name).join(", ")} -> ${path.relative(process.cwd(), manifestPath) || manifestPath}\n`);
  return 0;
}

/** `<file>.wasm` (named after the file) or `<name>=<file>`. */
function moduleArgument(arg: string): ModuleToLink {
  const eq = arg.indexOf("=");
  const file = eq >= 0 ? arg.slice(eq + 1) : arg;
  const name = eq >= 0 ? arg.slice(0, eq) : path.basename(file).replace(/\.wasm$/, "");
  if (!file.endsWith(".wasm") || name === "") {
    throw new LinkError("BAD_PROJECT", `shared-rt link: '${arg}': expected <file>.wasm or <name>=<file>.wasm`);
  }
  return { name, wasm: file };
}
