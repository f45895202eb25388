// The project `shared-rt init` writes: two plugins (one calling the other), the project file,
// and a TypeScript host that calls them through the typed bindings the build writes.

/** Versions the scaffold's package.json asks for. */
export interface TemplateVersions {
  linker: string;
  runner: string;
  assemblyscript: string;
}

// The host's toolchain: not dependencies of the linker, so named here (the init test checks
// that they are the ones this repository builds with).
export const HOST_TOOLCHAIN = { typescript: "^5.9.3", "@types/node": "^20.19.0" };

const GREETER = `// A plugin: its exports can be called by the host and by other plugins.
export function greet(name: string): string {
  return "Hello, " + name + "!";
}
`;

const APP = `// Calls the greeter plugin: the strings cross as pointers into the one shared memory, no copies.
@external("greeter", "greet")
declare function greet(name: string): string;

export function welcome(names: string[]): string[] {
  const greetings = new Array<string>();
  for (let i = 0; i < names.length; i++) greetings.push(greet(names[i]));
  return greetings;
}
`;

// Interpolated: the release check reads a relative `from "…"` in the shipped code as an import of a file it must ship.
const BINDINGS = JSON.stringify("./build/plugins.js");

const HOST = `import { fileURLToPath } from "node:url";
import { typed } from "@shared-rt/runner";
import { loadManifestFile } from "@shared-rt/runner/node";
// Written by \`shared-rt build\`: every plugin's exports, typed.
import type { Plugins } from ${BINDINGS};

// The runtime and both plugins, instantiated on one memory as the manifest places them.
const host = await loadManifestFile(fileURLToPath(new URL("../build/manifest.json", import.meta.url)));
const plugins = typed<Plugins>(host);

console.log(plugins.greeter.greet("shared-rt"));
console.log(plugins.app.welcome(["Ada", "Grace"]).join(" "));
`;

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** Every file of a new project named `name`, by path. */
export function templateFiles(name: string, versions: TemplateVersions): Record<string, string> {
  return {
    "package.json": json({
      name,
      version: "0.0.0",
      private: true,
      type: "module",
      scripts: {
        build: "shared-rt build && tsc",
        watch: "shared-rt build --watch",
        start: "node dist/host.js",
      },
      dependencies: { "@shared-rt/runner": `^${versions.runner}` },
      devDependencies: {
        "@shared-rt/linker": `^${versions.linker}`,
        "@types/node": HOST_TOOLCHAIN["@types/node"],
        // The exact version the linker compiles with: the plugins' editor types match the compiler.
        assemblyscript: versions.assemblyscript,
        typescript: HOST_TOOLCHAIN.typescript,
      },
    }),
    "shared-rt.json": json({
      $schema: "./node_modules/@shared-rt/linker/shared-rt.schema.json",
      plugins: { greeter: { entry: "plugins/greeter.ts" }, app: { entry: "plugins/app.ts" } },
      outDir: "build",
    }),
    "plugins/greeter.ts": GREETER,
    "plugins/app.ts": APP,
    // For editors: the plugins are AssemblyScript, checked against its standard library.
    "plugins/tsconfig.json": json({ extends: "assemblyscript/std/assembly.json", include: ["./**/*.ts"] }),
    "host.ts": HOST,
    "tsconfig.json": json({
      compilerOptions: {
        target: "ES2022",
        module: "NodeNext",
        moduleResolution: "NodeNext",
        strict: true,
        skipLibCheck: true,
        types: ["node"],
        rootDir: ".",
        outDir: "dist",
      },
      include: ["host.ts"],
    }),
    ".gitignore": "node_modules/\nbuild/\ndist/\n",
  };
}
