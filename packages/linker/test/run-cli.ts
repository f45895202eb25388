import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

export const cli = fileURLToPath(new URL("../dist/cli.js", import.meta.url));
const exec = promisify(execFile);

/** Runs the built `shared-rt` CLI in `cwd`, as a user would; never throws for a non-zero exit. */
export async function shared(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(process.execPath, [cli, ...args], { cwd });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}
