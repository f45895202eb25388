import path from "node:path";
import { type CommandSpec, parseCommand, printedHelp } from "./command-spec.js";
import { builtProject, PROJECT_OPTION } from "./project-path.js";

export const MAP = {
  name: "map",
  summary: "draw the built project's layout as an SVG",
  description: `
Draws the linked layout of a built project as a self-contained SVG: every plugin's memory
slot (what its static data uses, and its headroom), the runtime, the shared stack and the
heap; the table slots; the class-id ranges. Hover a box for its exact range.`,
  options: {
    project: PROJECT_OPTION,
    output: { type: "string", short: "o", value: "<file.svg>", help: "where to write the SVG (default: <outDir>/layout.svg)" },
  },
} satisfies CommandSpec;

/** `shared-rt map`: draws the built project's layout as an SVG. */
export async function map(argv: string[]): Promise<number> {
  const { values } = parseCommand(MAP, argv);
  if (printedHelp(MAP, values)) return 0;
  const { project, manifestPath } = await builtProject(values.project);
  const { readFile, writeFile } = await import("node:fs/promises");
  const { renderMap } = await import("../render-map.js");
  const manifest = JSON.parse(await readFile(manifestPath, "utf8"));
  const output = path.resolve(values.output ?? path.join(project.outDir, "layout.svg"));
  await writeFile(output, renderMap(manifest, `shared-rt layout: ${path.basename(project.dir)}`));
  process.stderr.write(`wrote ${path.relative(process.cwd(), output) || output}\n`);
  return 0;
}
