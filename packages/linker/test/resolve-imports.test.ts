import { ABI_VERSION, PLUGIN_EXPORTS, RUNTIME_GLOBAL_NAMES, RUNTIME_NAMESPACE, type ExportSignature, type PluginLayout } from "@shared-rt/abi";
import { describe, expect, it } from "vitest";
import type { CompiledPlugin } from "../src/compile-plugin.js";
import { pluginDependencies, resolveImports } from "../src/resolve-imports.js";

type Import = WebAssembly.ModuleImportDescriptor;
type Export = WebAssembly.ModuleExportDescriptor;

/** A compiled plugin as resolveImports reads it: imports and exports, start, signatures. */
function plugin(
  name: string,
  parts: {
    imports?: Import[];
    exports?: Export[];
    signatures?: Record<string, ExportSignature>;
    declared?: Record<string, ExportSignature>;
    relocatable?: boolean;
  },
): CompiledPlugin {
  const layout = {
    start: "_start",
    exports: parts.signatures ?? {},
    imports: parts.declared ?? {},
    ...(parts.relocatable ? { relocatable: {} } : {}),
  } as unknown as PluginLayout;
  return { name, wasm: new Uint8Array(), layout, imports: parts.imports ?? [], exports: parts.exports ?? [], diagnostics: [], filesRead: new Map() };
}

const fn = (module: string, name: string): Import => ({ module, name, kind: "function" });
const i32 = { params: [], result: "i32", wasm: "()->i32" };
const lib = plugin("lib", {
  exports: [
    { name: "f", kind: "function" },
    { name: "g", kind: "global" },
    { name: "_start", kind: "function" },
    { name: PLUGIN_EXPORTS.visitGlobals, kind: "function" },
  ],
  signatures: { f: i32 },
});

function resolve(importer: CompiledPlugin, hasHost = false) {
  return resolveImports(importer, new Map([importer, lib].map((p) => [p.name, p])), hasHost);
}

describe("resolveImports", () => {
  it("gives each import its provider", () => {
    const app = plugin("app", {
      imports: [
        fn("env", "abort"),
        fn(RUNTIME_NAMESPACE, "__new"),
        { module: RUNTIME_NAMESPACE, name: RUNTIME_GLOBAL_NAMES.stackPointer, kind: "global" },
        fn("lib", "f"),
        fn("console", "log"),
      ],
    });
    expect(resolve(app, true).map((i) => i.provider)).toEqual(["env", "runtime", "runtime", "plugin:lib", "host"]);
  });

  it("sends the load namespace to the loader for a relocatable plugin only", () => {
    const load = fn("shared-rt.load", "memoryBase");
    expect(resolve(plugin("r", { imports: [load], relocatable: true }))[0].provider).toBe("load");
    expect(resolve(plugin("app", { imports: [load] }), true)[0].provider).toBe("host");
  });

  it("sends an import named after its own plugin to the host module", () => {
    expect(resolve(plugin("app", { imports: [fn("app", "mod")] }), true)[0].provider).toBe("host");
    expect(() => resolve(plugin("app", { imports: [fn("app", "mod")] }))).toThrow(
      "plugin 'app' imports 'app.mod': a plugin cannot import from itself, and the project has no \"host\" module to provide 'app.mod'",
    );
  });

  it("refuses what no one provides", () => {
    expect(() => resolve(plugin("app", { imports: [fn(RUNTIME_NAMESPACE, "__nope")] }))).toThrow(
      expect.objectContaining({
        code: "IMPORT_UNRESOLVED",
        message: `plugin 'app' imports '${RUNTIME_NAMESPACE}.__nope', which the shared runtime (ABI ${ABI_VERSION}) does not export`,
      }),
    );
    expect(() => resolve(plugin("app", { imports: [fn("other", "f")] }))).toThrow(
      "plugin 'app' imports 'other.f': no plugin is named 'other' and the project has no \"host\" module to provide it",
    );
    // What it exports: functions, without the transform's exports and the start function.
    expect(() => resolve(plugin("app", { imports: [fn("lib", "h")] }))).toThrow(
      "plugin 'app' imports 'lib.h', but plugin 'lib' does not export 'h' (it exports: f)",
    );
  });

  it("refuses an import of another kind or signature than the export", () => {
    expect(() => resolve(plugin("app", { imports: [{ module: "lib", name: "f", kind: "global" }] }))).toThrow(
      expect.objectContaining({ code: "IMPORT_KIND_MISMATCH", message: "plugin 'app' imports 'lib.f' as a global, plugin 'lib' exports it as a function" }),
    );
    const declared = { "lib.f": { params: [], result: "i64", wasm: "()->i64" } };
    expect(() => resolve(plugin("app", { imports: [fn("lib", "f")], declared }))).toThrow(expect.objectContaining({ code: "IMPORT_SIGNATURE_MISMATCH" }));
    expect(() => resolve(plugin("app", { imports: [fn("lib", "f")], declared: { "lib.f": i32 } }))).not.toThrow();
  });
});

describe("pluginDependencies", () => {
  it("keeps only the plugins each plugin imports from", () => {
    const imports = new Map([
      [
        "app",
        [
          { module: "lib", name: "f", provider: "plugin:lib" as const },
          { module: "env", name: "abort", provider: "env" as const },
        ],
      ],
      ["lib", [{ module: "console", name: "log", provider: "host" as const }]],
    ]);
    expect(pluginDependencies(imports)).toEqual(
      new Map([
        ["app", new Set(["lib"])],
        ["lib", new Set()],
      ]),
    );
  });
});
