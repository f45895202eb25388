import { createHash } from "node:crypto";
import { readFile, readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ABI_VERSION, type PluginLayout } from "@shared-rt/abi";
import type { Slot } from "./assign-slots.js";
import type { BuildFaults } from "./build-options.js";
import { relativePath, type Project } from "./project.js";

/** Name of the cache file in the output directory. */
export const CACHE_FILE = ".build-cache.json";

export const sha256 = (data: Uint8Array | string) => `sha256-${createHash("sha256").update(data).digest("hex")}`;

/** What the cache remembers of a compiled plugin. */
export interface CachedPlugin {
  /** Its entry file, or for a prebuilt plugin its .wasm (project-relative). */
  entry: string;
  /**
   * Every file the compiler asked for (project-relative) with the hash of its text, or null where
   * it did not exist; for a prebuilt plugin, its .wasm with the hash of its bytes.
   */
  inputs: Record<string, string | null>;
  slot: Slot;
  layout: PluginLayout;
  /** Hash of the wasm file written for it. */
  hash: string;
}

/** What the cache remembers of the runtime it built. */
export interface CachedRuntime {
  key: string;
  hash: string;
  dataEnd: number;
  heapBase: number;
  tableSize: number;
}

export interface BuildCache {
  /** Everything outside the plugin's own sources that its output depends on. */
  key: string;
  plugins: Record<string, CachedPlugin>;
  runtime?: CachedRuntime;
}

export async function readCache(outDir: string, key: string): Promise<BuildCache> {
  try {
    const cache = JSON.parse(await readFile(path.join(outDir, CACHE_FILE), "utf8")) as BuildCache;
    if (cache.key === key) return cache;
  } catch {
    // no cache, or unreadable: build everything
  }
  return { key, plugins: {} };
}

export async function writeCache(outDir: string, cache: BuildCache): Promise<void> {
  await writeFile(path.join(outDir, CACHE_FILE), `${JSON.stringify(cache, null, 2)}\n`);
}

/** Everything outside a plugin's own sources that its compiled output depends on. */
export async function toolchainKey(project: Project, faults: BuildFaults | undefined, fromObjects = false): Promise<string> {
  const versions = await Promise.all(
    ["assemblyscript/package.json", "shared-init/package.json", "@shared-rt/runtime/package.json"].map(async (spec) => {
      const file = new URL(import.meta.resolve(spec));
      return `${spec}@${(JSON.parse(await readFile(file, "utf8")) as { version: string }).version}`;
    }),
  );
  return sha256(
    JSON.stringify({
      versions,
      code: await toolCodeHash(),
      abi: ABI_VERSION,
      collector: project.collector,
      optimizeLevel: project.optimizeLevel,
      shrinkLevel: project.shrinkLevel,
      transforms: project.transforms,
      faults: faults ?? null,
      // Plugins of a threaded project are compiled with asc's threads feature (compile-plugin.ts).
      ...(project.threads ? { atomics: true } : {}),
      // Plugins linked from objects and plugins compiled at their bases are different bytes.
      ...(fromObjects ? { fromObjects } : {}),
    }),
  );
}

/**
 * Hash of the built code of the packages that write a plugin's or the runtime's bytes. Their
 * versions alone do not say when they changed: between releases (in this repository, or with a
 * linked checkout) a changed transform would otherwise leave earlier outputs in use.
 */
async function toolCodeHash(): Promise<string> {
  const parts: string[] = [];
  for (const spec of ["shared-init", "@shared-rt/runtime", "@shared-rt/abi"]) {
    const dir = path.dirname(fileURLToPath(import.meta.resolve(spec)));
    const files = (await readdir(dir, { recursive: true })).filter((f) => f.endsWith(".js")).sort();
    for (const f of files) parts.push(`${spec}/${f}\n${sha256(await readFile(path.join(dir, f)))}`);
  }
  return sha256(parts.join("\n"));
}

/** Hash of every source file in a directory (not below it), names included. */
export async function sourceHash(dir: string): Promise<string> {
  const files = (await readdir(dir)).filter((f) => f.endsWith(".ts")).sort();
  const texts = await Promise.all(files.map(async (f) => `${f}\n${await readFile(path.join(dir, f), "utf8")}`));
  return sha256(texts.join("\n"));
}

/** Hashes the files a compile read, as paths relative to the project directory. */
export function hashInputs(filesRead: Map<string, string | null>, projectDir: string): Record<string, string | null> {
  const inputs: Record<string, string | null> = {};
  for (const [file, text] of [...filesRead].sort(([a], [b]) => (a < b ? -1 : 1))) {
    inputs[relativePath(projectDir, file)] = text === null ? null : sha256(text);
  }
  return inputs;
}

/** Whether every input a plugin was compiled from is as it was. */
export async function inputsUnchanged(inputs: Record<string, string | null>, projectDir: string): Promise<boolean> {
  for (const [file, expected] of Object.entries(inputs)) {
    let actual: string | null;
    try {
      actual = sha256(await readFile(path.resolve(projectDir, file), "utf8"));
    } catch {
      actual = null;
    }
    if (actual !== expected) return false;
  }
  return true;
}

/** A previous build's output, if it is still there and still the file that build wrote. */
export async function readOutput(file: string, hash: string): Promise<Uint8Array | undefined> {
  try {
    const wasm = new Uint8Array(await readFile(file));
    return sha256(wasm) === hash ? wasm : undefined;
  } catch {
    return undefined;
  }
}
