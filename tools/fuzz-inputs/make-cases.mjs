// Case `index` of a run: which file is mutated and how, from the run's seed alone.
import { createHash } from "node:crypto";
import { mutateJson } from "./mutate-json.mjs";
import { mutateWasm } from "./mutate-wasm.mjs";
import { caseSeed, prng } from "./prng.mjs";

export const KINDS = ["manifest", "project", "wasm"];

const text = (bytes) => new TextDecoder().decode(bytes);
const encode = (s) => new TextEncoder().encode(s);
const hashOf = (bytes) => `sha256-${createHash("sha256").update(bytes).digest("hex")}`;

/** The manifest with the hash of `file` set to that of `bytes`: a changed file with its hash is another plugin, loaded past the hash check. */
function rehash(manifestText, file, bytes) {
  const manifest = JSON.parse(manifestText);
  const entry = manifest.runtime.file === file ? manifest.runtime : manifest.plugins.find((p) => p.file === file);
  entry.hash = hashOf(bytes);
  return JSON.stringify(manifest, null, 2);
}

/**
 * Case `index`: `{ index, kind, target, mutation, files, build }`, where `files` maps the names
 * of the mutated files (in the build directory, or shared-rt.json in the project's) to their bytes.
 */
export function makeCase(base, seed, index, kinds, buildRate) {
  const rng = prng(caseSeed(seed, index));
  const kind = kinds[index % kinds.length];
  if (kind === "manifest") {
    const { text: mutated, description } = mutateJson(rng, text(base.files["manifest.json"]));
    return { index, kind, target: "manifest.json", mutation: description, files: { "manifest.json": encode(mutated) } };
  }
  if (kind === "project") {
    const { text: mutated, description } = mutateJson(rng, text(base.project));
    return { index, kind, target: "shared-rt.json", mutation: description, files: { "shared-rt.json": encode(mutated) }, build: rng.next() < buildRate };
  }
  const target = rng.pick(Object.keys(base.files).filter((f) => f.endsWith(".wasm")));
  const { bytes, description } = mutateWasm(rng, base.files[target]);
  const files = { [target]: bytes };
  // The relocatable plugin, sometimes loaded late into a running host (host.load) instead: a
  // refused load must leave that host and its plugins working.
  if (target === "words.wasm" && rng.chance(0.3)) {
    return { index, kind, target, mutation: `${description} (host.load)`, files: { "late.wasm": bytes }, late: true };
  }
  // Mostly with its hash updated: only then does the mutated module reach the compiler and the loader.
  const rehashed = rng.chance(0.9);
  if (rehashed) files["manifest.json"] = encode(rehash(text(base.files["manifest.json"]), target, bytes));
  return { index, kind, target, mutation: `${description}${rehashed ? "" : " (hash kept)"}`, files };
}
