// A built project copied with its runtime rebuilt as a measurement variant (a RuntimeFaults
// flag: threadsLockedBarrier, threadsLockOnly), with the linked runtime's options, so that the
// layout (checked) and every plugin stay the same and only the runtime differs.
import { createHash } from "node:crypto";
import { cp, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { buildRuntime } from "@shared-rt/runtime";

/** The manifest path of a copy of `manifestPath`'s build (in `dirName` beside it) whose runtime is built with `faults`. */
export async function withRuntimeVariant(manifestPath, faults, dirName) {
  const manifest = JSON.parse(await readFile(manifestPath, "utf8"));
  const rt = manifest.runtime;
  const variant = await buildRuntime({
    collector: manifest.collector,
    memoryBase: rt.memory.base,
    tableBase: rt.table.base,
    stackSize: manifest.threads?.stackSize,
    threads: manifest.threads?.count,
    optimizeLevel: 3,
    faults,
  });
  if (variant.heapBase !== rt.stackTop || variant.tableSize !== rt.table.size) {
    throw new Error(`the runtime built with ${JSON.stringify(faults)} has a layout other than the linked one`);
  }
  const dir = path.join(path.dirname(path.dirname(manifestPath)), dirName);
  await cp(path.dirname(manifestPath), dir, { recursive: true });
  await writeFile(path.join(dir, rt.file), variant.wasm);
  rt.hash = `sha256-${createHash("sha256").update(variant.wasm).digest("hex")}`;
  const variantPath = path.join(dir, path.basename(manifestPath));
  await writeFile(variantPath, JSON.stringify(manifest));
  return variantPath;
}
