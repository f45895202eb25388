import { FIRST_SHARED_CLASS_ID, SHARED_CLASS_END, SharedClassRegistry } from "@shared-rt/abi";
import { SharedInitError } from "./shared-init-error.js";

/**
 * The shared-class settings from the asc command line, where a transform takes no options:
 * SHARED_INIT_PRIVATE_DIRS (comma-separated directories) and SHARED_INIT_SHARED_CLASSES (path
 * of a JSON file `{ "<canonical name>": id }`). The linker passes both as options instead.
 */

const env = (name: string): string | undefined => (typeof process !== "undefined" ? process.env[name] : undefined) || undefined;

/** The private directories named by SHARED_INIT_PRIVATE_DIRS, or none. */
export function privateDirsOption(): string[] {
  return (env("SHARED_INIT_PRIVATE_DIRS") ?? "")
    .split(",")
    .map((d) => d.trim())
    .filter(Boolean);
}

/** A registry of the given ids, or of the file SHARED_INIT_SHARED_CLASSES names; checked. */
export async function sharedClassesOption(given: Record<string, number> | undefined): Promise<SharedClassRegistry> {
  let ids = given;
  const file = given === undefined ? env("SHARED_INIT_SHARED_CLASSES") : undefined;
  if (file !== undefined) {
    try {
      const { readFile } = await import("node:fs/promises");
      ids = JSON.parse(await readFile(file, "utf8")) as Record<string, number>;
    } catch (error) {
      throw new SharedInitError(
        "BAD_SHARED_CLASSES",
        `shared-init: cannot read the shared class ids in '${file}' (SHARED_INIT_SHARED_CLASSES): ${(error as Error).message}`,
      );
    }
  }
  const registry = new SharedClassRegistry();
  for (const [name, id] of Object.entries(ids ?? {})) {
    if (!Number.isInteger(id) || !registry.set(name, id)) {
      throw new SharedInitError(
        "BAD_SHARED_CLASSES",
        `shared-init: the shared class ids give '${name}' the id ${id}, which is not a free integer in ${FIRST_SHARED_CLASS_ID}..${SHARED_CLASS_END - 1}`,
      );
    }
  }
  return registry;
}
