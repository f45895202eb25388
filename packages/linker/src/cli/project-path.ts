import { existsSync } from "node:fs";
import path from "node:path";
import { LinkError } from "../errors.js";
import { MANIFEST_FILE } from "../output-files.js";
import { PROJECT_FILE, readProject, type Project } from "../project.js";

/** The project file a command works on: `-p <file>`, else ./shared-rt.json. */
export function projectPath(value: string | undefined): string {
  return path.resolve(value ?? PROJECT_FILE);
}

/** The project and the path of its manifest, which must have been built. */
export async function builtProject(file: string | undefined): Promise<{ project: Project; manifestPath: string }> {
  const project = await readProject(projectPath(file));
  const manifestPath = path.join(project.outDir, MANIFEST_FILE);
  if (!existsSync(manifestPath)) {
    throw new LinkError(
      "NOT_BUILT",
      `the project ${path.relative(process.cwd(), project.file) || project.file} has not been built (no ${manifestPath}); run 'shared-rt build' first`,
    );
  }
  return { project, manifestPath };
}

/** `-p, --project <file>`, as every command that works on a project takes it. */
export const PROJECT_OPTION = { type: "string", short: "p", value: "<file>", help: `project file (default: ./${PROJECT_FILE})` } as const;
