// Runs cases in a worker thread: writes the mutated files over a scratch copy of the project,
// loads it (or reads / builds a mutated project file) and makes the call, and reports the
// outcome: ok, wrong (a different result, no error), typed (an error with a known code) or bug.
import { cp, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { workerData } from "node:worker_threads";
import { buildProject, LINK_ERROR_CODES, LinkError, readProject } from "@shared-rt/linker";
import { loadManifestFile, SHARED_RT_ERROR_CODES, SharedRtError } from "@shared-rt/runner/node";
import { CALL, EXPECTED } from "./base-project.mjs";

// Our own channel: the linker's compile worker answers on parentPort when imported in a worker thread.
const { base, port } = workerData;
const scratch = await mkdtemp(path.join(tmpdir(), "shared-rt-fuzz-case-"));
const buildDir = path.join(scratch, "build");
const projectDir = path.join(scratch, "project");
await cp(base.out, buildDir, { recursive: true });
await cp(base.dir, projectDir, { recursive: true });

/**
 * Loads the unmutated project, then the mutated relocatable plugin into it under another name;
 * whatever that load does, the host's own call must still answer right.
 */
async function loadLate(bytes) {
  const host = await loadManifestFile(path.join(buildDir, "manifest.json"), { log: () => {} });
  let failure;
  try {
    await host.load("late", bytes);
  } catch (error) {
    failure = error;
  }
  const result = host.call(CALL.plugin, CALL.export, ...CALL.args);
  if (result !== EXPECTED)
    return {
      outcome: "bug",
      message: `after host.load ${failure ? `failed (${failure.message})` : "succeeded"}, the host's call returned ${JSON.stringify(result)}`,
    };
  if (failure) throw failure;
  return undefined;
}

/** Loads the manifest in `dir` and makes the case's call; returns the result. */
async function loadAndCall(manifest) {
  const host = await loadManifestFile(manifest, { log: () => {} });
  return host.call(CALL.plugin, CALL.export, ...CALL.args);
}

function classify(error) {
  if (error instanceof SharedRtError && SHARED_RT_ERROR_CODES.includes(error.code)) return { outcome: "typed", code: error.code, message: error.message };
  if (error instanceof LinkError && LINK_ERROR_CODES.includes(error.code)) return { outcome: "typed", code: error.code, message: error.message };
  return { outcome: "bug", message: String(error?.stack ?? error) };
}

async function runCase(c) {
  const dir = c.kind === "project" ? projectDir : buildDir;
  const originals = {};
  if (!c.late) for (const name of Object.keys(c.files)) originals[name] = base.files[name] ?? base.project;
  try {
    if (!c.late) for (const [name, bytes] of Object.entries(c.files)) await writeFile(path.join(dir, name), bytes);
    let result;
    if (c.late) {
      return (await loadLate(c.files["late.wasm"])) ?? { outcome: "ok", detail: "loaded late" };
    }
    if (c.kind === "project") {
      const project = await readProject(path.join(projectDir, "shared-rt.json"));
      // A full build only for a sample, and only into the usual outDir (a mutated one might point anywhere).
      if (!c.build || project.outDir !== path.join(projectDir, "build")) return { outcome: "ok", detail: "validated" };
      await buildProject(path.join(projectDir, "shared-rt.json"));
      result = await loadAndCall(path.join(projectDir, "build", "manifest.json"));
    } else {
      result = await loadAndCall(path.join(buildDir, "manifest.json"));
    }
    return result === EXPECTED ? { outcome: "ok" } : { outcome: "wrong", message: `the call returned ${JSON.stringify(result)}` };
  } catch (error) {
    return classify(error);
  } finally {
    for (const [name, bytes] of Object.entries(originals)) await writeFile(path.join(dir, name), bytes);
  }
}

/** The unmutated project still loads and answers in this worker (nothing a failed case did stuck). */
async function healthy() {
  try {
    const result = await loadAndCall(path.join(buildDir, "manifest.json"));
    return result === EXPECTED ? { outcome: "ok" } : { outcome: "bug", message: `after the case, the unmutated project returned ${JSON.stringify(result)}` };
  } catch (error) {
    return { outcome: "bug", message: `after the case, the unmutated project failed: ${error?.stack ?? error}` };
  }
}

port.on("message", async (message) => {
  const reply = message.health ? await healthy() : await runCase(message.case);
  port.postMessage({ id: message.id, ...reply });
});
port.postMessage({ ready: true });
