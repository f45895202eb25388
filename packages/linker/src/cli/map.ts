import path from "node:path";
import { parseArgs } from "node:util";
import { PROJECT_FILE } from "../project.js";
import { builtProject } from "./project-path.js";

export const MAP_USAGE = `Usage: shared-rt map [-p <project file>] [-o <file.svg>]

Draws the linked layout of a built project as a self-contained SVG: every plugin's memory
slot (what its static data uses, and its headroom), the runtime, the shared stack and the
heap; the table slots; the class-id ranges. Hover a box for its exact range.

Options:
  -p, --project <file>   project file (default: ./${PROJECT_FILE})
  -o, --output <file>    where to write the SVG (default: <outDir>/layout.svg)
  -h, --help             show this help
`;

/** `shared-rt map`: draws the built project's layout as an SVG. */
export async function map(argv: string[]): Promise<number> {
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
  const { renderMap } = await import("../render-map.js");
  const manifest = JSON.parse(await readFile(manifestPath, "utf8"));
  const output = path.resolve(values.output ?? path.join(project.outDir, "layout.svg"));
  await writeFile(output, renderMap(manifest, `shared-rt layout: ${path.basename(project.dir)}`));
  process.stderr.write(`wrote ${path.relative(process.cwd(), output) || output}\n`);
  return 0;
}
