import { execFile } from "node:child_process";
import path from "node:path";

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CommandOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

/** Runs a command without a shell and collects its output; never throws on a non-zero exit. */
export function run(command: string, args: string[], options: CommandOptions): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    execFile(
      command,
      args,
      {
        cwd: options.cwd,
        env: options.env ?? process.env,
        timeout: options.timeoutMs ?? 170_000,
        maxBuffer: 64 * 1024 * 1024,
        // npm and npx are .cmd scripts on Windows, which only a shell can start.
        shell: process.platform === "win32",
      },
      (error, stdout, stderr) => {
        if (error && typeof (error as NodeJS.ErrnoException).code === "string") {
          reject(new Error(`cannot run ${command} ${args.join(" ")} in ${options.cwd}: ${error.message}`));
          return;
        }
        const code = error ? ((error as { code?: number }).code ?? 1) : 0;
        resolve({ code, stdout: String(stdout), stderr: String(stderr) });
      },
    );
  });
}

/** A failed command as an error message: the command, where, the exit code and its output. */
export function describeFailure(command: string, result: CommandResult): string {
  return `${command} exited with ${result.code}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`;
}

/**
 * The environment of a user's shell, rebuilt from ours: `npm test` runs us through npm and
 * turbo, which put the monorepo's node_modules/.bin on PATH and describe the monorepo in
 * npm_* variables (npm_config_local_prefix, npm_package_*). A child npm or npx started with
 * those would find the workspace's own bins and packages, and a broken tarball could pass.
 */
export function userEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    const lower = key.toLowerCase();
    if (lower.startsWith("npm_package_") || lower.startsWith("npm_lifecycle_") || lower === "npm_command") continue;
    if (lower === "npm_config_local_prefix" || lower.startsWith("npm_config_workspace") || lower === "npm_config_include_workspace_root") continue;
    if (key === "INIT_CWD" || key === "SHARED_INIT_CLASS_BASE") continue;
    env[key] = value;
  }
  const pathKey = Object.keys(env).find((k) => k.toUpperCase() === "PATH") ?? "PATH";
  env[pathKey] = (env[pathKey] ?? "")
    .split(path.delimiter)
    .filter((entry) => entry && !/node_modules[\\/]\.bin[\\/]?$/.test(entry))
    .join(path.delimiter);
  return { ...env, ...extra };
}

/** `npm` as a command name that execFile can start on every platform. */
export const NPM = process.platform === "win32" ? "npm.cmd" : "npm";
export const NPX = process.platform === "win32" ? "npx.cmd" : "npx";
