import path from "node:path";
import { describeFailure, NPM, run, userEnv } from "./run-command.js";

export interface PackResult {
  /** Absolute path of the .tgz. */
  tarball: string;
  /** Paths npm says it packed. */
  files: string[];
}

/**
 * `npm pack` in the package's own directory, as `npm publish` would pack it (the same
 * packlist and lifecycle scripts), writing the tarball to `destination`.
 */
export async function packPackage(dir: string, destination: string): Promise<PackResult> {
  const result = await run(NPM, ["pack", "--json", "--pack-destination", destination], { cwd: dir, env: userEnv() });
  if (result.code !== 0) throw new Error(describeFailure(`npm pack in ${dir}`, result));
  // Lifecycle scripts (prepack) may print before the JSON; it is the last thing on stdout.
  const json = result.stdout.slice(result.stdout.indexOf("[\n"));
  const [entry] = JSON.parse(json) as { filename: string; files: { path: string }[] }[];
  return { tarball: path.join(destination, entry.filename), files: entry.files.map((f) => f.path) };
}
