/**
 * The path a user takes, on the packed tarballs alone: a fresh project outside the
 * repository, `npm install` of the tarballs (no workspace links), two plugins built once with
 * asc directly and once with `shared-rt build` (with a third that calls a host function), and
 * run: from the CLI, and from TypeScript through the generated plugins.d.ts, checked by tsc.
 */
import { lstat, mkdir, mkdtemp, readFile, realpath, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { packPackage } from "../src/pack-package.js";
import { describeFailure, NPM, NPX, run, userEnv, type CommandResult } from "../src/run-command.js";
import { publishedPackages, readJson, REPO_ROOT } from "../src/workspace.js";

const packages = publishedPackages();
const ascVersion = packages.find((p) => p.manifest.name === "@shared-rt/runtime")!.manifest.dependencies!.assemblyscript;
const rootDevDependencies = readJson(path.join(REPO_ROOT, "package.json")).devDependencies!;

// Two plugins: `greeter` keeps a global object of its own class, `app` imports greeter.greet
// and forces a full collection while strings of both plugins are live on the one heap.
const GREETER = `// Keeps the last greeting in a global of its own class: the shared collector must see it.
class Greeting {
  constructor(public text: string, public count: i32) {}
}

let last: Greeting | null = null;

export function greet(name: string): string {
  const count = last ? last!.count + 1 : 1;
  const greeting = new Greeting("hello, " + name, count);
  last = greeting;
  return greeting.text + " #" + count.toString();
}
`;

const APP = `@external("greeter", "greet")
declare function greet(name: string): string;

class Guests {
  names: string[] = [];
}

const guests = new Guests();

export function main(who: string): string {
  guests.names.push(who);
  __collect(); // a full collection across both plugins while their strings are live
  return greet(guests.names.join(" & "));
}
`;

// A third plugin, in the shared-rt build only: it calls the host module's `decorate`, which
// receives the lines as a JS array of strings, the width as a bigint and the flag as a boolean.
const BANNER = `@external("greeter", "greet")
declare function greet(name: string): string;

@external("host", "decorate")
declare function decorate(lines: Array<string>, width: i64, loud: bool): string;

export function banner(names: Array<string>, width: i64): string {
  const lines = new Array<string>();
  for (let i = 0; i < names.length; ++i) lines.push(greet(names[i]));
  __collect();
  return decorate(lines, width, true);
}
`;

// The project's host module, plain JS typed by the build's plugins.d.ts (tsc checks it with checkJs).
const HOST_MODULE = `/** @type {import("./build/plugins.js").HostImports} */
const imports = {
  host: {
    decorate: (lines, width, loud) => {
      const rule = "=".repeat(Number(width));
      const text = lines.join(" / ");
      return \`\${rule} \${loud ? text.toUpperCase() : text} \${rule}\`;
    },
  },
};
export default imports;
`;

// A TypeScript program on the typed bindings: tsc checks the calls against plugins.d.ts.
const TYPED_MAIN = `import { typed } from "@shared-rt/runner";
import { loadManifestFile } from "@shared-rt/runner/node";
import type { Plugins } from "./build/plugins.js";

const plugins = typed<Plugins>(await loadManifestFile("build/manifest.json"));
const text: string = plugins.banner.banner(["ann", "bo"], 2n);
console.log(text);
console.log(plugins.app.main("typed"));
`;

// What tsc must refuse: a wrong argument, a wrong result type, a host function of the wrong type.
const TYPE_ERRORS = `import { typed, type SharedHost } from "@shared-rt/runner";
import type { HostImports, Plugins } from "./build/plugins.js";

export function misuse(host: SharedHost): void {
  const plugins = typed<Plugins>(host);
  // @ts-expect-error: banner takes an array of strings
  plugins.banner.banner("ann", 2n);
  // @ts-expect-error: main returns a string
  const n: number = plugins.app.main("x");
  void n;
}
// @ts-expect-error: decorate receives the lines as an array of strings, not an address
export const wrong: HostImports = { host: { decorate: (lines: number) => String(lines) } };
`;

const TYPED_TSCONFIG = {
  compilerOptions: {
    target: "ES2022",
    module: "NodeNext",
    moduleResolution: "NodeNext",
    strict: true,
    allowJs: true,
    checkJs: true,
    outDir: "dist",
    // build/plugins.d.ts and the published declarations are checked too.
    skipLibCheck: false,
    types: ["node"],
  },
  files: ["main.ts", "host.mjs", "type-errors.ts"],
};

// What a user who builds with asc directly writes to load the result: read each plugin's
// layout section, build the runtime above them, and hand the runner a manifest.
const LOAD_ASC_BUILD = `import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { ABI_VERSION, buildRuntime, LAYOUT_SECTION } from "@shared-rt/runtime";
import { SharedHost } from "@shared-rt/runner";

const sha256 = (bytes) => "sha256-" + createHash("sha256").update(bytes).digest("hex");
const names = ["greeter", "app"]; // app imports from greeter: greeter loads first
const files = new Map();
const plugins = [];
let memoryTop = 0;
let tableTop = 1; // slot 0 stays empty
for (const name of names) {
  const bytes = new Uint8Array(await readFile(\`out/\${name}.wasm\`));
  const module = new WebAssembly.Module(bytes);
  const [section] = WebAssembly.Module.customSections(module, LAYOUT_SECTION);
  const layout = JSON.parse(new TextDecoder().decode(section));
  if (layout.memory.base < memoryTop || layout.table.base < tableTop) {
    throw new Error(\`\${name} was compiled at memory \${layout.memory.base}, table \${layout.table.base}: it overlaps the plugin before it\`);
  }
  const visitors = layout.table.base + layout.table.size; // two free slots for its visitors
  memoryTop = layout.memory.end;
  tableTop = visitors + 2;
  files.set(\`\${name}.wasm\`, bytes);
  plugins.push({
    name, abi: layout.abi, file: \`\${name}.wasm\`, hash: sha256(bytes),
    memory: layout.memory, table: layout.table, visitorSlots: { globals: visitors, members: visitors + 1 },
    classes: layout.classes, start: layout.start, exports: layout.exports,
    imports: WebAssembly.Module.imports(module).map((i) => ({
      module: i.module, name: i.name,
      provider: i.module === "env" ? "env" : i.module === "~rt" ? "runtime" : \`plugin:\${i.module}\`,
    })),
  });
}
const memoryBase = Math.ceil(memoryTop / 16) * 16;
const runtime = await buildRuntime({ collector: "incremental", memoryBase, tableBase: tableTop });
files.set("runtime.wasm", runtime.wasm);
const manifest = {
  abi: ABI_VERSION,
  collector: "incremental",
  memory: { initial: Math.ceil(runtime.heapBase / 65536) + 1 },
  table: { initial: tableTop + runtime.tableSize },
  runtime: {
    file: "runtime.wasm", hash: sha256(runtime.wasm),
    memory: { base: memoryBase, end: runtime.dataEnd },
    table: { base: tableTop, size: runtime.tableSize },
    stackTop: runtime.heapBase,
  },
  plugins,
};
const host = await SharedHost.load(manifest, { readFile: async (file) => files.get(file) });
console.log(host.call("app", "main", "asc"));
console.log(host.call("app", "main", "you"));
`;

// A consumer's TypeScript: every subpath resolves with its types under NodeNext, and deep
// imports past the exports map are refused.
const CONSUMER_TS = `import { buildRuntime, ABI_VERSION } from "@shared-rt/runtime";
import SharedInit from "shared-init";
import { buildProject } from "@shared-rt/linker";
import { tempProject } from "@shared-rt/linker/testing";
import { SharedHost } from "@shared-rt/runner";
import { loadManifestFile } from "@shared-rt/runner/node";
import runnerPackage from "@shared-rt/runner/package.json" with { type: "json" };
// @ts-expect-error: dist/ is not exported; only the exports map is public.
import * as internals from "@shared-rt/runner/dist/host.js";

export const abi: number = ABI_VERSION;
export const transform: typeof SharedInit = SharedInit.configure({ classIdBase: 64 });
export const version: string = runnerPackage.version;
export async function build(file: string): Promise<number> {
  const { manifest } = await buildProject(file);
  const runtime = await buildRuntime({ collector: manifest.collector, memoryBase: 4096, tableBase: 1 });
  const host: SharedHost = await loadManifestFile(file);
  const project = await tempProject({}, {});
  await project.remove();
  return runtime.wasm.length + host.pluginNames.length + Object.keys(internals).length;
}
`;

const TSCONFIG = {
  compilerOptions: {
    target: "ES2022",
    module: "NodeNext",
    moduleResolution: "NodeNext",
    strict: true,
    noEmit: true,
    // The published declarations are checked too, as a user's default settings would.
    skipLibCheck: false,
    resolveJsonModule: true,
    types: ["node"],
  },
  files: ["consumer.ts"],
};

const IMPORT_EVERY_EXPORT = `import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
const require = createRequire(import.meta.url);
for (const name of process.argv.slice(2)) {
  const pkg = JSON.parse(readFileSync(\`node_modules/\${name}/package.json\`, "utf8"));
  for (const subpath of Object.keys(pkg.exports)) {
    const specifier = name + subpath.slice(1);
    if (subpath.endsWith(".json")) require.resolve(specifier);
    else await import(specifier);
    console.log("ok", specifier);
  }
}
try {
  await import("@shared-rt/runner/dist/host.js");
  console.log("deep import allowed");
} catch (error) {
  console.log(error.code);
}
`;

describe("the user's path, on the packed tarballs", () => {
  let root: string;
  let project: string;

  const sh = async (command: string, args: string[], env: Record<string, string> = {}): Promise<CommandResult> => {
    const result = await run(command, args, { cwd: project, env: userEnv(env) });
    if (result.code !== 0) throw new Error(describeFailure(`${command} ${args.join(" ")} (in ${project})`, result));
    return result;
  };
  // npx that never downloads: the command must come from the project's own node_modules.
  const npx = (args: string[], env: Record<string, string> = {}) => sh(NPX, ["--no", "--", ...args], env);

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), "shared-rt-user-"));
    project = path.join(root, "project");
    const tarballs = path.join(root, "tarballs");
    await mkdir(tarballs);
    await mkdir(path.join(project, "src"), { recursive: true });
    const packed = [];
    for (const pkg of packages) packed.push((await packPackage(pkg.dir, tarballs)).tarball);
    await writeFile(path.join(project, "package.json"), JSON.stringify({ name: "shared-rt-user-project", private: true, type: "module" }, null, 2));
    await writeFile(path.join(project, "src/greeter.ts"), GREETER);
    await writeFile(path.join(project, "src/app.ts"), APP);
    await writeFile(path.join(project, "src/banner.ts"), BANNER);
    await writeFile(path.join(project, "host.mjs"), HOST_MODULE);
    await sh(NPM, [
      "install",
      "--no-audit",
      "--no-fund",
      "--prefer-offline",
      "--save-exact",
      ...packed,
      `assemblyscript@${ascVersion}`,
      `typescript@${rootDevDependencies.typescript}`,
      `@types/node@${rootDevDependencies["@types/node"]}`,
    ]);
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it("installs real copies of the four packages, outside the repository", async () => {
    for (const pkg of packages) {
      const dir = path.join(project, "node_modules", pkg.manifest.name);
      expect((await lstat(dir)).isSymbolicLink(), `${pkg.manifest.name} is a link`).toBe(false);
      expect(readJson(path.join(dir, "package.json")).version).toBe(pkg.manifest.version);
      expect(path.relative(REPO_ROOT, await realpath(dir)).startsWith(".."), `${pkg.manifest.name} resolves into the repository`).toBe(true);
    }
    const bin = await realpath(path.join(project, "node_modules/.bin/shared-rt"));
    expect(bin).toBe(await realpath(path.join(project, "node_modules/@shared-rt/linker/bin/shared-rt.js")));
  });

  it("imports every export of every package, and refuses deep imports", async () => {
    await writeFile(path.join(project, "import-every-export.mjs"), IMPORT_EVERY_EXPORT);
    const { stdout } = await sh(process.execPath, ["import-every-export.mjs", ...packages.map((p) => p.manifest.name)]);
    const expected = packages.flatMap((p) => Object.keys(p.manifest.exports as object).map((s) => `ok ${p.manifest.name}${s.slice(1)}`));
    expect(stdout.trim().split("\n")).toEqual([...expected, "ERR_PACKAGE_PATH_NOT_EXPORTED"]);
  });

  it("type-checks a consumer against the published types (NodeNext)", async () => {
    await writeFile(path.join(project, "consumer.ts"), CONSUMER_TS);
    await writeFile(path.join(project, "tsconfig.json"), JSON.stringify(TSCONFIG, null, 2));
    await npx(["tsc", "-p", "tsconfig.json"]);
  });

  it("(a) builds two plugins with asc --transform shared-init and runs them through the runner's API", async () => {
    // Each plugin gets its own memory base, table base and class-id range, chosen by hand
    // far enough apart; the load script checks they do not overlap.
    await npx(["asc", "src/greeter.ts", "--transform", "shared-init", "--memoryBase", "1024", "--tableBase", "1", "-O3", "-o", "out/greeter.wasm"], {
      SHARED_INIT_CLASS_BASE: "2048",
    });
    await npx(["asc", "src/app.ts", "--transform", "shared-init", "--memoryBase", "16384", "--tableBase", "64", "-O3", "-o", "out/app.wasm"], {
      SHARED_INIT_CLASS_BASE: "2064",
    });
    for (const [name, memoryBase, tableBase, classBase] of [
      ["greeter", 1024, 1, 2048],
      ["app", 16384, 64, 2064],
    ] as const) {
      const module = new WebAssembly.Module(await readFile(path.join(project, `out/${name}.wasm`)));
      const [section] = WebAssembly.Module.customSections(module, "shared-rt.layout");
      const layout = JSON.parse(new TextDecoder().decode(section));
      expect(layout.memory.base).toBe(memoryBase);
      expect(layout.table.base).toBe(tableBase);
      expect(layout.classes.base).toBe(classBase);
      expect(layout.classes.count).toBeGreaterThan(0);
    }
    await writeFile(path.join(project, "load-asc-build.mjs"), LOAD_ASC_BUILD);
    const { stdout } = await sh(process.execPath, ["load-asc-build.mjs"]);
    expect(stdout).toBe("hello, asc #1\nhello, asc & you #2\n");
  });

  it("(b) builds them with npx shared-rt build and runs them with npx shared-rt run", async () => {
    await writeFile(
      path.join(project, "shared-rt.json"),
      JSON.stringify(
        {
          plugins: { greeter: { entry: "src/greeter.ts" }, app: { entry: "src/app.ts" }, banner: { entry: "src/banner.ts" } },
          host: "host.mjs",
          outDir: "build",
        },
        null,
        2,
      ),
    );
    const build = await npx(["shared-rt", "build"]);
    expect(build.stderr).toMatch(/built 3 plugin\(s\) in \d+ ms -> build[\\/]manifest\.json/);
    const manifest = readJson<{ plugins: { name: string }[] }>(path.join(project, "build/manifest.json"));
    expect(manifest.plugins.map((p) => p.name)).toEqual(["greeter", "app", "banner"]);
    const first = await npx(["shared-rt", "run", "app.main", "world"]);
    expect(first.stdout).toBe("hello, world #1\n");
    const version = await npx(["shared-rt", "--version"]);
    expect(version.stdout.trim()).toBe(packages.find((p) => p.manifest.name === "@shared-rt/linker")!.manifest.version);
  });

  it("(c) runs them from TypeScript through the generated plugins.d.ts, with a host function that takes JS values", async () => {
    await writeFile(path.join(project, "main.ts"), TYPED_MAIN);
    await writeFile(path.join(project, "type-errors.ts"), TYPE_ERRORS);
    await writeFile(path.join(project, "tsconfig.typed.json"), JSON.stringify(TYPED_TSCONFIG, null, 2));
    // Checks main.ts, the host module and plugins.d.ts itself (and that the misuses are refused), and emits dist/main.js.
    await npx(["tsc", "-p", "tsconfig.typed.json"]);
    const { stdout } = await sh(process.execPath, ["dist/main.js"]);
    expect(stdout).toBe("== HELLO, ANN #1 / HELLO, BO #2 ==\nhello, typed #3\n");
  });

  it("the shared-init README's usage block shows what asc prints", async () => {
    const readme = await readFile(path.join(REPO_ROOT, "packages/shared-init/README.md"), "utf8");
    const block = /## Usage\n\n```sh\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block, "packages/shared-init/README.md has a ## Usage sh block").toBeDefined();
    const source = /\$ cat plugin\.ts\n([\s\S]*?)\$ npx asc/.exec(block!)?.[1];
    const command = /\$ npx (asc [^\n]+)\n/.exec(block!)?.[1];
    expect(command, "the usage block runs npx asc").toMatch(/--transform shared-init .*-o plugin\.wasm$/);
    await writeFile(path.join(project, "plugin.ts"), source!);
    await npx(command!.split(" "));
    const module = new WebAssembly.Module(await readFile(path.join(project, "plugin.wasm")));
    const printed = [
      WebAssembly.Module.imports(module)
        .map((i) => `${i.module}.${i.name}`)
        .join(" "),
      WebAssembly.Module.exports(module)
        .map((e) => e.name)
        .join(" "),
    ].join("\n");
    expect(block, `packages/shared-init/README.md: the usage block should end with what the commands print:\n${printed}`).toContain(`\n${printed}\n`);
  });

  it("the runtime README's usage block prints what it says", async () => {
    const readme = await readFile(path.join(REPO_ROOT, "packages/runtime/README.md"), "utf8");
    const block = /## Usage\n\n```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block, "packages/runtime/README.md has a ## Usage ts block").toBeDefined();
    const shown = /\n\/\/ (.+)\n$/.exec(block!)?.[1];
    await writeFile(path.join(project, "runtime-usage.mjs"), block!);
    const { stdout } = await sh(process.execPath, ["runtime-usage.mjs"]);
    expect(shown, `packages/runtime/README.md: the usage block's last line should be // ${stdout.trim()}`).toBe(stdout.trim());
  });
});
