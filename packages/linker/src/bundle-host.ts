/**
 * The project's host module as the build ships it: one ES module in the outDir, so that the
 * outDir alone is the deployable project (a browser fetches `<outDir>/host.mjs` beside the
 * manifest). A host module may import its own helper files; esbuild bundles those into it
 * (see the README's "The host module"), while bare imports (`@shared-rt/runner`, `node:fs`, any
 * package) stay imports, resolved where the project runs: from its node_modules, an import map
 * or a bundler. Bundling takes milliseconds, so every build redoes it and the host module and
 * what it imports are always inputs; the output is written only when its bytes changed.
 */
import path from "node:path";
import { build, type Message } from "esbuild";
import { LinkError } from "./errors.js";
import { HOST_FILE } from "./output-files.js";
import { relativePath, type Project } from "./project.js";

/** The bundled host module of `project` (which has one), byte-identical for the same sources. */
export async function bundleHost(project: Project, host: string): Promise<Uint8Array> {
  const name = relativePath(project.dir, host);
  if (path.resolve(host) === path.join(project.outDir, HOST_FILE)) {
    throw new LinkError(
      "BAD_HOST_MODULE",
      `${project.file}: host: '${name}' is where the build writes the bundled host module; keep the source outside outDir`,
    );
  }
  try {
    const result = await build({
      entryPoints: [host],
      // Paths in the bundle's comments are relative to the project: the same on every machine.
      absWorkingDir: project.dir,
      bundle: true,
      packages: "external",
      format: "esm",
      platform: "neutral",
      write: false,
      logLevel: "silent",
      charset: "utf8",
    });
    return result.outputFiles[0].contents;
  } catch (error) {
    const messages = ((error as { errors?: Message[] }).errors ?? []).map(describeMessage);
    throw new LinkError("BAD_HOST_MODULE", `cannot bundle the host module '${name}': ${messages.length ? messages.join("; ") : (error as Error).message}`, {
      cause: error,
    });
  }
}

/** `lib/util.mjs:3:7: Could not resolve "./missing.mjs"`. */
function describeMessage(message: Message): string {
  const where = message.location ? `${message.location.file}:${message.location.line}:${message.location.column + 1}: ` : "";
  return `${where}${message.text}`;
}
