/**
 * The differential harness: a program (program.ts) built (a) as ONE ordinary AssemblyScript
 * module with plain asc and its standard runtime, and (b) as a shared-rt project with the
 * linker, run with the runner — all plugins linked, or its `late` plugin relocatable and loaded
 * into the running host. Both print through the host import `host.print`; a test compares the
 * lines. A trap ends a run with the line `!! <plugin>.<export> trapped` (its message is kept
 * in `errors`, which the test shows when the lines differ).
 */
import { mkdtemp, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Collector, Manifest } from "@shared-rt/abi";
import { tempProject, type TempProject } from "@shared-rt/linker/testing";
import { SharedHost } from "@shared-rt/runner";
import { formatDiagnostic, runAsc } from "@shared-rt/runtime/asc";
import { ONE_MODULE_ENTRY, oneModuleSources, type Program } from "./program.js";

export interface Variant {
  collector: Collector;
  optimizeLevel: 0 | 3;
}

export interface Run {
  lines: string[];
  errors: string[];
}

/** Plugin name of the relocatable copy of the late plugin, built in the same project. */
export const lateCopy = (late: string) => `${late}.late`;

/** Builds the program as one ordinary module: plain asc, the standard runtime of `collector`, no shared-init. */
export async function buildOneModule(program: Program, variant: Variant): Promise<Uint8Array> {
  const dir = await mkdtemp(path.join(tmpdir(), "shared-rt-one-module-"));
  try {
    for (const [rel, text] of oneModuleSources(program)) {
      await mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
      await writeFile(path.join(dir, rel), text);
    }
    const run = await runAsc([
      ONE_MODULE_ENTRY,
      "--baseDir",
      dir,
      "--runtime",
      variant.collector,
      "--optimizeLevel",
      String(variant.optimizeLevel),
      "--shrinkLevel",
      "0",
      // __collect between steps; the start function run by hand once print can read memory.
      "--exportRuntime",
      "--exportStart",
      "_start",
      "--noColors",
      "--outFile",
      "out.wasm",
    ]);
    const errors = run.diagnostics.filter((d) => d.category === "error");
    const wasm = run.outputs.get("out.wasm");
    if (errors.length || run.error || !(wasm instanceof Uint8Array)) {
      throw new Error(`${program.name} as one module failed to compile:\n${errors.map(formatDiagnostic).join("\n") || run.error?.message || run.stderr}`);
    }
    return wasm;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Reads an AssemblyScript string (UTF-16, its byte length in the header word before it). */
function readAsString(memory: WebAssembly.Memory, ptr: number): string {
  if (!ptr) return "null";
  const bytes = new Uint32Array(memory.buffer, ptr - 4, 1)[0];
  return new TextDecoder("utf-16le").decode(new Uint8Array(memory.buffer, ptr, bytes));
}

/** Runs the one-module build: start, then every step with a collection after it. */
export async function runOneModule(program: Program, wasm: Uint8Array): Promise<Run> {
  const out: Run = { lines: [], errors: [] };
  let memory: WebAssembly.Memory | undefined;
  const str = (ptr: number) => readAsString(memory!, ptr);
  const { instance } = await WebAssembly.instantiate(wasm as Uint8Array<ArrayBuffer>, {
    env: {
      abort: (message: number, file: number, line: number, column: number) => {
        throw new Error(`abort: ${str(message)} at ${str(file)}:${line}:${column}`);
      },
      trace: (message: number) => out.lines.push(`trace: ${str(message)}`),
      seed: () => 1,
    },
    host: { print: (ptr: number) => out.lines.push(str(ptr)) },
  });
  const exports = instance.exports as Record<string, (...args: number[]) => unknown>;
  memory = instance.exports.memory as WebAssembly.Memory;
  const calls: [string, () => unknown][] = [["_start", () => exports._start()]];
  for (const [i, s] of program.steps.entries()) calls.push([`${s.plugin}.${s.fn}`, () => exports[`step${i}`]()]);
  for (const [name, call] of calls) {
    try {
      call();
      exports.__collect();
    } catch (error) {
      out.lines.push(`!! ${name} trapped`);
      out.errors.push(`${name}: ${(error as Error).message}`);
      break;
    }
  }
  return out;
}

export interface SharedBuild {
  project: TempProject;
  manifest: Manifest;
  dir: string;
}

/**
 * Adds the sources of the late plugin's relocatable copy to `files`; returns its entry. Its
 * classes must stay private to each of the two: a late plugin in a directory of its own (no
 * other entry under it) is copied whole to a sibling directory `<dir>-late`, so that its helper
 * files stay private, as the linker makes them; a late entry beside others is copied alone.
 */
function copyLatePlugin(program: Program, files: Record<string, string>): string {
  const lateEntry = program.entries.get(program.late)!;
  const dir = path.posix.dirname(lateEntry);
  const ownDir = dir !== "." && ![...program.entries].some(([name, entry]) => name !== program.late && entry.startsWith(`${dir}/`));
  if (!ownDir) {
    const copyEntry = lateEntry.replace(/\.ts$/, ".late.ts");
    files[copyEntry] = files[lateEntry];
    return copyEntry;
  }
  for (const [rel, text] of program.sources) if (rel.startsWith(`${dir}/`)) files[`${dir}-late${rel.slice(dir.length)}`] = text;
  return `${dir}-late${lateEntry.slice(dir.length)}`;
}

/**
 * Builds the program as a shared-rt project with the linker: its plugins as shared-rt.json says,
 * plus a relocatable copy of the late plugin, built from a copy of its sources (one build
 * serves both the linked and the relocatable run; each run leaves the other's copy out of the
 * manifest).
 */
export async function buildShared(program: Program, variant: Variant): Promise<SharedBuild> {
  const files: Record<string, string> = Object.fromEntries(program.sources);
  files["host.mjs"] = "// The harness supplies host.print itself.\nexport default {};\n";
  const plugins: Record<string, unknown> = {};
  for (const [name, entry] of program.entries) plugins[name] = { entry };
  const copyEntry = copyLatePlugin(program, files);
  plugins[lateCopy(program.late)] = { entry: copyEntry, relocatable: true };
  const project = await tempProject(files, { plugins, collector: variant.collector, optimizeLevel: variant.optimizeLevel, host: "host.mjs" });
  try {
    const { manifestPath, manifest } = await project.build();
    return { project, manifest, dir: path.dirname(manifestPath) };
  } catch (error) {
    await project.remove();
    throw error;
  }
}

/**
 * Runs the shared build: every plugin linked, or (`relocatable`) the late plugin's relocatable
 * copy loaded under the late plugin's name just before its first step.
 */
export async function runShared(program: Program, build: SharedBuild, relocatable: boolean): Promise<Run> {
  const out: Run = { lines: [], errors: [] };
  const late = program.late;
  const leaveOut = relocatable ? [late, lateCopy(late)] : [lateCopy(late)];
  const manifest = { ...build.manifest, plugins: build.manifest.plugins.filter((p) => !leaveOut.includes(p.name)) };
  const hostImports = { host: { print: (line: string | null) => out.lines.push(line ?? "null") } };
  const readFileIn = async (file: string) => new Uint8Array(await readFile(path.join(build.dir, file)));
  let host: SharedHost;
  try {
    host = await SharedHost.load(manifest, { readFile: readFileIn, hostImports, log: (line) => out.lines.push(line) });
  } catch (error) {
    out.lines.push("!! load trapped");
    out.errors.push(`load: ${(error as Error).message}`);
    return out;
  }
  for (const { plugin, fn } of program.steps) {
    try {
      if (relocatable && plugin === late && !host.pluginNames.includes(late)) {
        const copy = build.manifest.plugins.find((p) => p.name === lateCopy(late))!;
        await host.load(late, await readFileIn(copy.file), { hostImports });
      }
      host.call(plugin, fn);
      host.collect();
    } catch (error) {
      out.lines.push(`!! ${plugin}.${fn} trapped`);
      out.errors.push(`${plugin}.${fn}: ${(error as Error).message}`);
      break;
    }
  }
  return out;
}
