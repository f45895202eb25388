// A plugin published as an npm package (`shared-rt pack`) and used by another project through
// `"package"` in its shared-rt.json, with the declaration module type-checking the importer.
import { execFile } from "node:child_process";
import { cp, mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { promisify } from "node:util";
import { layoutSection } from "@shared-rt/abi";
import { LinkError } from "@shared-rt/linker";
import { LoadError } from "@shared-rt/runner";
import { tempProject, withLayoutSection, type TempProject } from "@shared-rt/linker/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const cli = createRequire(import.meta.url)
  .resolve("@shared-rt/linker/package.json")
  .replace(/package\.json$/, "dist/cli.js");
const exec = promisify(execFile);

const TOKENIZER = `export function tokenize(text: string): string[] { return text.toLowerCase().split(" "); }
export function count(text: string, sep: string): i32 { return text.split(sep).length; }
`;
const APP = `import { tokenize, count } from "@acme/tokenizer";
export function words(text: string): string { return tokenize(text).join("|") + " " + count(text, " ").toString(); }
`;

describe("a plugin package", () => {
  let producer: TempProject;
  let consumer: TempProject;
  let packageDir: string;

  beforeAll(async () => {
    producer = await tempProject({ "tokenizer.ts": TOKENIZER }, { plugins: { tokenizer: { entry: "tokenizer.ts", relocatable: true } } });
    const packed = await exec(process.execPath, [cli, "pack", "tokenizer", "--name", "@acme/tokenizer", "--version", "1.2.3"], { cwd: producer.dir });
    expect(packed.stderr).toMatch(/^packed plugin 'tokenizer' as @acme\/tokenizer@1\.2\.3 -> /m);
    packageDir = path.join(producer.dir, "build", "pack", "tokenizer");
    consumer = await tempProject({ "app.ts": APP }, { plugins: { tokenizer: { package: "@acme/tokenizer" }, app: { entry: "app.ts" } } });
    await mkdir(path.join(consumer.dir, "node_modules", "@acme"), { recursive: true });
    await cp(packageDir, path.join(consumer.dir, "node_modules", "@acme", "tokenizer"), { recursive: true });
  });
  afterAll(async () => {
    await producer.remove();
    await consumer.remove();
  });

  it("holds the relocatable plugin, its declaration module and a package.json naming both", async () => {
    const pkg = JSON.parse(await readFile(path.join(packageDir, "package.json"), "utf8"));
    expect(pkg).toEqual({
      name: "@acme/tokenizer",
      version: "1.2.3",
      files: ["tokenizer.wasm", "index.ts"],
      "shared-rt": { plugin: "tokenizer", wasm: "tokenizer.wasm", declarations: "index.ts" },
    });
    expect(await readFile(path.join(packageDir, "index.ts"), "utf8")).toContain(
      '@external("tokenizer", "tokenize")\nexport declare function tokenize(a0: string): Array<string>;',
    );
  });

  it("with --no-package-json is written into a workspace package's dist/, leaving its own package.json alone", async () => {
    const own = `${JSON.stringify({ name: "@acme/tokenizer", "shared-rt": { plugin: "tokenizer", wasm: "dist/tokenizer.wasm", declarations: "dist/index.ts" } })}\n`;
    await writeFile(path.join(producer.dir, "package.json"), own);
    const packed = await exec(process.execPath, [cli, "pack", "tokenizer", "-o", "dist", "--no-package-json"], { cwd: producer.dir });
    expect(packed.stderr).toMatch(/^packed plugin 'tokenizer' \(tokenizer\.wasm, index\.ts\) -> .*dist$/m);
    expect(await readdir(path.join(producer.dir, "dist"))).toEqual(["index.ts", "tokenizer.wasm"]);
    expect(await readFile(path.join(producer.dir, "package.json"), "utf8")).toBe(own);
    expect(await readFile(path.join(producer.dir, "dist", "tokenizer.wasm"))).toEqual(await readFile(path.join(packageDir, "tokenizer.wasm")));
  });

  it("is linked from node_modules and called through its declarations by another project's plugin", async () => {
    await consumer.build();
    const host = await consumer.load();
    expect(host.call("app", "words", "Hello Plugin World")).toBe("hello|plugin|world 3");
  });

  it("built with another AssemblyScript is refused, naming the plugin, the package and both versions", async () => {
    const file = path.join(consumer.dir, "node_modules", "@acme", "tokenizer", "tokenizer.wasm");
    const wasm = new Uint8Array(await readFile(file));
    const layout = layoutSection(new WebAssembly.Module(wasm))!;
    await writeFile(file, withLayoutSection(wasm, { ...layout, compiler: "assemblyscript@0.27.0" }));
    const error = await consumer.build().then(
      () => undefined,
      (e: unknown) => e as LinkError,
    );
    expect(error).toBeInstanceOf(LinkError);
    expect(error?.code).toBe("COMPILER_MISMATCH");
    expect(error?.message).toMatch(
      /^plugin 'tokenizer' \(package '@acme\/tokenizer', node_modules\/@acme\/tokenizer\/tokenizer\.wasm\) was built with assemblyscript@0\.27\.0, this project builds its runtime and plugins with assemblyscript@0\.28\.\d+; rebuild it with assemblyscript@0\.28\.\d+$/,
    );
  });

  it("built with another AssemblyScript is refused by a running host too, which goes on as before", async () => {
    const wasm = new Uint8Array(await readFile(path.join(packageDir, "tokenizer.wasm")));
    const layout = layoutSection(new WebAssembly.Module(wasm))!;
    const other = withLayoutSection(wasm, { ...layout, compiler: "assemblyscript@0.27.0" });
    const host = await producer.load();
    const error = await host.load("tok2", other).then(
      () => undefined,
      (e: unknown) => e as LoadError,
    );
    expect(error).toBeInstanceOf(LoadError);
    expect(error?.code).toBe("COMPILER_MISMATCH");
    expect(error?.message).toMatch(/^plugin 'tok2' was built with assemblyscript@0\.27\.0, the project's runtime and plugins with assemblyscript@0\.28\.\d+: /);
    expect(host.pluginNames).toEqual(["tokenizer"]);
    await host.load("tok3", wasm);
    expect(host.call("tok3", "count", "a b", " ")).toBe(2);
  });

  it("that is not installed, or is no plugin, is a project error naming the package", async () => {
    const missing = await tempProject({}, { plugins: { x: { package: "@acme/missing" } } });
    try {
      const error = await missing.build().then(
        () => undefined,
        (e: unknown) => e as LinkError,
      );
      expect(error?.code).toBe("BAD_PROJECT");
      expect(error?.message).toMatch(/plugins\.x\.package: cannot find the package '@acme\/missing' \(looked in .*node_modules/);
      await mkdir(path.join(missing.dir, "node_modules", "plain"), { recursive: true });
      await writeFile(path.join(missing.dir, "node_modules", "plain", "package.json"), '{ "name": "plain" }');
      await writeFile(missing.file, JSON.stringify({ plugins: { x: { package: "plain" } } }));
      const notPlugin = await missing.build().then(
        () => undefined,
        (e: unknown) => e as LinkError,
      );
      expect(notPlugin?.message).toMatch(/plugins\.x\.package: the package 'plain' \(.*\) is not a shared-rt plugin: its package\.json has no "shared-rt"/);
    } finally {
      await missing.remove();
    }
  });
});
