// The project every mutation starts from: three plugins built once with the linker API. `words`
// (relocatable: placed by the host at load) returns strings, `shapes` has a class, and `app`
// imports from both and from the host module. `check(host)` makes the call a case runs.
import { mkdir, mkdtemp, readFile, readdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { buildProject } from "@shared-rt/linker";

export const SOURCES = {
  "words.ts": `export function greet(name: string): string {\n  return "hello " + name;\n}\n`,
  "shapes.ts": [
    "export class Box {",
    "  constructor(public w: i32, public h: i32) {}",
    "  area(): i32 { return this.w * this.h; }",
    "}",
    "export function area(w: i32, h: i32): i32 {",
    "  return new Box(w, h).area();",
    "}",
    "",
  ].join("\n"),
  "app.ts": [
    '@external("words", "greet") declare function greet(name: string): string;',
    '@external("shapes", "area") declare function area(w: i32, h: i32): i32;',
    '@external("host", "twice") declare function twice(x: i32): i32;',
    "export function run(name: string, n: i32): string {",
    '  return greet(name) + " " + area(n, twice(n)).toString();',
    "}",
    "",
  ].join("\n"),
  "host.mjs": "export default { host: { twice: (x) => x * 2 } };\n",
};

export const PROJECT = {
  plugins: {
    words: { entry: "words.ts", relocatable: true },
    shapes: { entry: "shapes.ts" },
    app: { entry: "app.ts" },
  },
  host: "host.mjs",
  optimizeLevel: 0,
};

/** The call every case makes after loading, and the result an unmutated project gives. */
export const CALL = { plugin: "app", export: "run", args: ["fuzz", 3] };
export const EXPECTED = "hello fuzz 18";

/** Builds the project into a fresh temporary directory; returns its directory and the build's files. */
export async function buildBase() {
  const dir = await mkdtemp(path.join(tmpdir(), "shared-rt-fuzz-inputs-"));
  for (const [name, text] of Object.entries(SOURCES)) await writeFile(path.join(dir, name), text);
  const file = path.join(dir, "shared-rt.json");
  await writeFile(file, JSON.stringify(PROJECT, null, 2));
  await buildProject(file);
  const out = path.join(dir, "build");
  await mkdir(out, { recursive: true });
  const files = {};
  for (const name of (await readdir(out)).sort()) {
    if (/\.(wasm|json|mjs)$/.test(name)) files[name] = new Uint8Array(await readFile(path.join(out, name)));
  }
  return { dir, out, files };
}
