import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { LinkError } from "../errors.js";
import { PROJECT_FILE } from "../project.js";
import { type CommandSpec, commandUsage, parseCommand, printedHelp } from "./command-spec.js";
import { templateFiles } from "./init-template.js";

export const INIT = {
  name: "init",
  args: "[<dir>]",
  summary: "create a new project: two plugins, a typed host, package.json",
  description: `
Writes a minimal project into <dir> (default: the current directory; created if missing):
package.json (@shared-rt/runner, and for development @shared-rt/linker, assemblyscript,
typescript), ${PROJECT_FILE} with two plugins, plugins/greeter.ts and plugins/app.ts (which
calls greeter), host.ts (loads the build and calls both through the typed bindings of
build/plugins.d.ts), tsconfig.json and .gitignore. Refuses to overwrite any existing file, and
then writes nothing.`,
  options: {},
} satisfies CommandSpec;

interface LinkerPackage {
  version: string;
  dependencies: Record<string, string>;
}

/** `shared-rt init [dir]`: scaffolds a project. */
export async function init(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommand(INIT, argv);
  if (printedHelp(INIT, values)) return 0;
  if (positionals.length > 1) {
    process.stderr.write(`shared-rt init: expected at most one directory, found ${positionals.length}\n\n${commandUsage(INIT)}`);
    return 1;
  }
  const dir = path.resolve(positionals[0] ?? ".");
  const written = await scaffold(dir);
  const shown = path.relative(process.cwd(), dir) || ".";
  const cd = shown === "." ? "" : `  cd ${shown.includes(" ") ? JSON.stringify(shown) : shown}\n`;
  process.stderr.write(
    `created a shared-rt project in ${shown}: ${written.join(", ")}\n\nNext:\n${cd}` +
      "  npm install\n" +
      "  npm run build     # shared-rt build (plugins -> build/, typed bindings in build/plugins.d.ts), then tsc\n" +
      "  npm start         # node dist/host.js: calls both plugins\n",
  );
  return 0;
}

/** Writes the template into `dir`, unless any of its files exists there; the files written. */
export async function scaffold(dir: string): Promise<string[]> {
  const pkg = JSON.parse(await readFile(new URL("../../package.json", import.meta.url), "utf8")) as LinkerPackage;
  const name = packageName(path.basename(dir));
  const files = templateFiles(name, {
    linker: pkg.version,
    runner: pkg.dependencies["@shared-rt/runner"],
    assemblyscript: pkg.dependencies.assemblyscript,
  });
  const existing = Object.keys(files).filter((f) => existsSync(path.join(dir, f)));
  if (existing.length) {
    throw new LinkError(
      "FILE_EXISTS",
      `cannot create a project in ${dir}: it already has ${existing.join(", ")}; nothing was written (init only starts new projects)`,
    );
  }
  for (const [file, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    // `wx`: never overwrite, even a file made since the check.
    await writeFile(path.join(dir, file), text, { flag: "wx" });
  }
  return Object.keys(files);
}

/** An npm package name from a directory's name: lower case, other characters as '-'. */
function packageName(base: string): string {
  const name = base
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, "-")
    .replace(/^[._-]+|-+$/g, "");
  return name || "shared-rt-project";
}
