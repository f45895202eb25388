import { createHash } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import type { PluginLayout } from "shared-init";
import type { Slot } from "./assign-slots.js";

/** Name of the cache file in the output directory. */
export const CACHE_FILE = ".build-cache.json";

export const sha256 = (data: Uint8Array | string) => "sha256-" + createHash("sha256").update(data).digest("hex");

/** What the cache remembers of a compiled plugin. */
export interface CachedPlugin {
  entry: string;
  /** Every file the compiler asked for (project-relative) with the hash of its text, or null where it did not exist. */
  inputs: Record<string, string | null>;
  slot: Slot;
  layout: PluginLayout;
  /** Hash of the wasm file written for it. */
  hash: string;
}

export interface BuildCache {
  /** Everything outside the plugin's own sources that its output depends on. */
  key: string;
  plugins: Record<string, CachedPlugin>;
  runtime?: { key: string; hash: string; dataEnd: number; heapBase: number; tableSize: number };
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
  await writeFile(path.join(outDir, CACHE_FILE), JSON.stringify(cache, null, 2) + "\n");
}

/** Hashes the files a compile read, as paths relative to the project directory. */
export function hashInputs(filesRead: Map<string, string | null>, projectDir: string): Record<string, string | null> {
  const inputs: Record<string, string | null> = {};
  for (const [file, text] of [...filesRead].sort(([a], [b]) => (a < b ? -1 : 1))) {
    inputs[path.relative(projectDir, file).split(path.sep).join("/")] = text === null ? null : sha256(text);
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
