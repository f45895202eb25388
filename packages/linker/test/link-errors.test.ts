import { afterEach, describe, expect, it } from "vitest";
import { LinkError } from "../src/index.js";
import { tempProject, type TempProject } from "../src/testing.js";

let project: TempProject | undefined;
afterEach(async () => {
  await project?.remove();
  project = undefined;
});

async function buildError(files: Record<string, string>, config: Record<string, unknown>): Promise<LinkError> {
  project = await tempProject(files, config);
  const error = await project.build().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LinkError);
  return error as LinkError;
}

describe("project file validation", () => {
  it("names an unknown key", async () => {
    const error = await buildError({ "a.ts": "" }, { plugins: { a: { entry: "a.ts" } }, colector: "minimal" });
    expect(error.code).toBe("BAD_PROJECT");
    expect(error.message).toMatch(/shared-rt\.json: colector: unknown key; known keys are plugins, outDir, collector, host/);
  });

  it("names a bad collector and says what is expected", async () => {
    const error = await buildError({ "a.ts": "" }, { plugins: { a: { entry: "a.ts" } }, collector: "stub" });
    expect(error.message).toMatch(/collector: expected one of "incremental", "minimal", found "stub"/);
  });

  it("refuses a plugin named like a reserved namespace", async () => {
    const error = await buildError({ "a.ts": "" }, { plugins: { env: { entry: "a.ts" } } });
    expect(error.message).toMatch(/plugins\.env: 'env' is reserved/);
  });

  it("refuses an entry that is not a .ts file", async () => {
    const error = await buildError({}, { plugins: { a: { entry: "a.js" } } });
    expect(error.message).toMatch(/plugins\.a\.entry: expected the path of a \.ts file, found "a\.js"/);
  });
});

describe("link errors", () => {
  it("reports a compile error with file, line and column", async () => {
    const error = await buildError({ "a.ts": "export function f(): i32 {\n  return nope;\n}\n" }, { plugins: { a: { entry: "a.ts" } } });
    expect(error.code).toBe("COMPILE_FAILED");
    expect(error.message).toMatch(/plugin 'a' \(a\.ts\) failed to compile:\na\.ts:2:10: error AS2304: Cannot find name 'nope'\./);
  });

  it("names an import no plugin or host provides", async () => {
    const error = await buildError(
      { "a.ts": '@external("b", "f") declare function f(): void;\nexport function g(): void { f(); }\n' },
      { plugins: { a: { entry: "a.ts" } } },
    );
    expect(error.code).toBe("IMPORT_UNRESOLVED");
    expect(error.message).toBe("plugin 'a' imports 'b.f': no plugin is named 'b' and the project has no \"host\" module to provide it");
  });

  it("names an import of a function the other plugin does not export", async () => {
    const error = await buildError(
      {
        "a.ts": '@external("b", "missing") declare function m(): void;\nexport function g(): void { m(); }\n',
        "b.ts": "export function present(): void {}\n",
      },
      { plugins: { a: { entry: "a.ts" }, b: { entry: "b.ts" } } },
    );
    expect(error.message).toBe("plugin 'a' imports 'b.missing', but plugin 'b' does not export 'missing' (it exports: present)");
  });

  it("names the plugins of a dependency cycle", async () => {
    const error = await buildError(
      {
        "a.ts": '@external("b", "fb") declare function fb(): void;\nexport function fa(): void { fb(); }\n',
        "b.ts": '@external("a", "fa") declare function fa(): void;\nexport function fb(): void { fa(); }\n',
      },
      { plugins: { a: { entry: "a.ts" }, b: { entry: "b.ts" } } },
    );
    expect(error.code).toBe("DEPENDENCY_CYCLE");
    expect(error.message).toMatch(/in a cycle: a -> b -> a/);
  });
});

describe("link checks", () => {
  it("names both sides of an import whose signature differs from the export", async () => {
    const error = await buildError(
      {
        "a.ts": '@external("b", "f") declare function f(x: i32): i32;\nexport function g(): i32 { return f(1); }\n',
        "b.ts": "export function f(x: string): string { return x; }\n",
      },
      { plugins: { a: { entry: "a.ts" }, b: { entry: "b.ts" } } },
    );
    expect(error.code).toBe("IMPORT_SIGNATURE_MISMATCH");
    expect(error.message).toBe("plugin 'a' imports 'b.f' with type (i32)->i32 (i32) => i32, plugin 'b' exports it with type (i32)->i32 (string) => string");
  });

  it("names a wasm type mismatch", async () => {
    const error = await buildError(
      {
        "a.ts": '@external("b", "f") declare function f(x: f64): void;\nexport function g(): void { f(1); }\n',
        "b.ts": "export function f(x: i32): void {}\n",
      },
      { plugins: { a: { entry: "a.ts" }, b: { entry: "b.ts" } } },
    );
    expect(error.message).toBe("plugin 'a' imports 'b.f' with type (f64)->none (f64) => void, plugin 'b' exports it with type (i32)->none (i32) => void");
  });

  it("refuses a layout that needs more memory than the project's maximum", async () => {
    const error = await buildError({ "a.ts": "export function f(): void {}\n" }, { plugins: { a: { entry: "a.ts" } }, maximumMemory: 1 });
    expect(error.code).toBe("MEMORY_EXCEEDS_MAXIMUM");
    expect(error.message).toMatch(/shared-rt\.json: maximumMemory is 1 pages, but static data, the shared stack and a first heap page need \d+ pages/);
  });

  it("names the owners of overlapping ranges", async () => {
    const { checkOverlaps } = await import("../src/check-link.js");
    expect(() => checkOverlaps("memory", [{ owner: "plugin 'a'", start: 1024, end: 2048 }, { owner: "plugin 'b'", start: 2000, end: 3000 }])).toThrow(
      "memory ranges overlap: plugin 'a' has 1024..2047, plugin 'b' has 2000..2999",
    );
  });
});

describe("plugin checks", () => {
  it("names an import of a function as a global", async () => {
    const error = await buildError(
      {
        "a.ts": '@external("b", "x") declare const x: i32;\nexport function g(): i32 { return x; }\n',
        "b.ts": "export function x(): i32 { return 1; }\n",
      },
      { plugins: { a: { entry: "a.ts" }, b: { entry: "b.ts" } } },
    );
    expect(error.code).toBe("IMPORT_KIND_MISMATCH");
    expect(error.message).toBe("plugin 'a' imports 'b.x' as a global, plugin 'b' exports it as a function");
  });

  it("refuses a module built without the transform", async () => {
    const { describeModule } = await import("../src/compile-plugin.js");
    expect(() => describeModule("plain", new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]))).toThrow(
      "plugin 'plain' was not built with the shared-init transform: its module has no shared-rt.layout section",
    );
  });

  it("refuses a plugin built for another ABI or another collector", async () => {
    const { checkPluginLayout } = await import("../src/check-link.js");
    const layout = { abi: 1, collector: "incremental" } as Parameters<typeof checkPluginLayout>[1];
    expect(() => checkPluginLayout("p", { ...layout, abi: 7 }, "incremental")).toThrow(
      expect.objectContaining({ code: "ABI_MISMATCH", message: "plugin 'p' was built for shared-rt ABI 7, this linker and runtime speak ABI 1" }),
    );
    expect(() => checkPluginLayout("p", layout, "minimal")).toThrow(
      expect.objectContaining({ code: "COLLECTOR_MISMATCH", message: "plugin 'p' was built for the incremental collector, the project uses minimal" }),
    );
  });
});
