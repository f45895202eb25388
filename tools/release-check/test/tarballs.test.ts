import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rootLinks, type RepositoryLinks } from "../src/check-links.js";
import { checkTarball, specifiers, type TarballContext } from "../src/check-tarball.js";
import { packPackage } from "../src/pack-package.js";
import { readTarball } from "../src/read-tarball.js";
import { publishedPackages, REPO_ROOT, readJson, sourceFiles, workspaces } from "../src/workspace.js";

const packages = publishedPackages();
const versions = new Map(workspaces().map((w) => [w.manifest.name, w.manifest.version]));
const links = rootLinks(readJson(path.join(REPO_ROOT, "package.json")));

describe("npm pack of each published package", () => {
  let destination: string;
  let license: Uint8Array;
  const tarballs = new Map<string, { files: Map<string, Uint8Array>; npmFiles: string[] }>();

  beforeAll(async () => {
    destination = await mkdtemp(path.join(tmpdir(), "shared-rt-pack-"));
    license = new Uint8Array(await readFile(path.join(REPO_ROOT, "LICENSE")));
    for (const pkg of packages) {
      const packed = await packPackage(pkg.dir, destination);
      tarballs.set(pkg.relDir, { files: readTarball(packed.tarball), npmFiles: packed.files });
    }
  });
  afterAll(() => rm(destination, { recursive: true, force: true }));

  it("finds the packages the README lists, and nothing private", () => {
    expect(packages.map((p) => p.manifest.name).sort()).toEqual([
      "@shared-rt/abi",
      "@shared-rt/futures",
      "@shared-rt/linker",
      "@shared-rt/runner",
      "@shared-rt/runtime",
      "@shared-rt/threads",
      "shared-init",
    ]);
  });

  it("reads the tarball npm wrote: the same files npm reports", () => {
    for (const [relDir, { files, npmFiles }] of tarballs) {
      expect([...files.keys()].sort(), relDir).toEqual([...npmFiles].sort());
    }
  });

  it("links every package to the repository the root package.json names", () => {
    expect(typeof links === "string" ? links : "").toBe("");
  });

  for (const pkg of packages) {
    it(`${pkg.manifest.name}: every export and bin is shipped, nothing of tests or fixtures is`, () => {
      const { files } = tarballs.get(pkg.relDir)!;
      const context = { relDir: pkg.relDir, sourceFiles: sourceFiles(pkg.dir), license, workspaceVersions: versions, links: links as RepositoryLinks };
      const problems = checkTarball(files, context);
      expect(problems, `${pkg.relDir}:\n  ${problems.join("\n  ")}`).toEqual([]);
    });
  }

  it("ships what each package needs at run time", () => {
    // The runtime is compiled at link time from its AssemblyScript sources.
    const runtime = tarballs.get("packages/runtime")!.files;
    expect(runtime.has("assembly/index.ts")).toBe(true);
    expect(runtime.has("assembly/abi.ts")).toBe(true);
    expect(runtime.has("assembly/threads.ts")).toBe(true);
    expect(runtime.has("assembly/threaded.ts")).toBe(true);
    // The CLI's committed launcher and what it imports.
    const linker = tarballs.get("packages/linker")!.files;
    expect(linker.has("bin/shared-rt.js")).toBe(true);
    expect(linker.has("dist/cli.js")).toBe(true);
  });
});

describe("the tarball check", () => {
  // A well-formed package, then one fault at a time: each must be reported.
  const encode = (value: unknown) => new TextEncoder().encode(typeof value === "string" ? value : JSON.stringify(value));
  const license = encode("license text");
  const manifest = {
    name: "@shared-rt/example",
    version: "1.0.0",
    description: "An example.",
    license: "Apache-2.0",
    repository: { type: "git", url: "git+https://github.com/acme/example.git", directory: "packages/example" },
    homepage: "https://github.com/acme/example/tree/main/packages/example#readme",
    bugs: { url: "https://github.com/acme/example/issues" },
    engines: { node: ">=20" },
    type: "module",
    exports: { ".": { types: "./dist/index.d.ts", default: "./dist/index.js" }, "./package.json": "./package.json" },
    bin: { example: "bin/example.js" },
    files: ["bin/", "dist/"],
    dependencies: { "@shared-rt/runtime": "0.1.0" },
  };
  const good = () =>
    new Map<string, Uint8Array>([
      ["package.json", encode(manifest)],
      ["README.md", encode("# example")],
      ["LICENSE", license],
      ["bin/example.js", encode('#!/usr/bin/env node\nimport "../dist/index.js";\n')],
      ["dist/index.js", encode('import { x } from "@shared-rt/runtime";\nimport { readFile } from "node:fs";\nexport * from "./util.js";\n')],
      ["dist/index.d.ts", encode('export * from "./util.js";\n')],
      ["dist/util.js", encode("export const y = 1;\n")],
      ["dist/util.d.ts", encode("export declare const y = 1;\n")],
    ]);
  const context: TarballContext = {
    relDir: "packages/example",
    sourceFiles: new Set(["src/index.ts", "src/util.ts", "package.json"]),
    license,
    workspaceVersions: new Map([["@shared-rt/runtime", "0.1.0"]]),
    links: { url: "git+https://github.com/acme/example.git" },
  };
  const withManifest = (change: (m: typeof manifest) => void) => {
    const files = good();
    const m = structuredClone(manifest);
    change(m);
    files.set("package.json", encode(m));
    return files;
  };

  it("finds the specifiers of every kind of import, and not those in message text", () => {
    const source = [
      'import a from "pkg-a";',
      "import {",
      "  b,",
      "  c,",
      '} from "@scope/pkg-b/sub";',
      'import type { T } from "pkg-t";',
      'export * from "./local.js";',
      'export { d } from "pkg-d";',
      'import "pkg-side-effect";',
      'const e = await import("pkg-e");',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: source text with a template literal in it, as input
      "throw new Error(`the visitor export '${name}' is missing`);",
      '// import x from "in a comment, with spaces"',
    ].join("\n");
    expect(specifiers(source).sort()).toEqual(["./local.js", "@scope/pkg-b/sub", "pkg-a", "pkg-d", "pkg-e", "pkg-side-effect", "pkg-t"]);
  });

  it("accepts a well-formed package", () => {
    expect(checkTarball(good(), context)).toEqual([]);
  });

  it("reports a missing export target, bin and imported file", () => {
    const files = good();
    files.delete("dist/index.d.ts");
    files.delete("bin/example.js");
    files.delete("dist/util.js");
    expect(checkTarball(files, context)).toEqual(
      expect.arrayContaining([
        `package.json: exports["."].types points at './dist/index.d.ts', which is not in the tarball`,
        `package.json: bin "example" points at 'bin/example.js', which is not in the tarball`,
        `package.json: files entry 'bin/' matches nothing in the tarball`,
        `dist/index.js imports './util.js', which is not in the tarball`,
      ]),
    );
  });

  it("reports tests, fixtures, maps and tool configuration in the tarball", () => {
    const files = good();
    for (const f of ["test/a.test.ts", "dist/test/fixtures/x.wasm", "dist/index.js.map", "dist/b.spec.js", "tsconfig.json", "vitest.config.ts"])
      files.set(f, encode(""));
    const problems = checkTarball(files, { ...context, sourceFiles: new Set([...context.sourceFiles, "src/b.spec.ts"]) });
    for (const f of ["test/a.test.ts", "dist/test/fixtures/x.wasm", "dist/index.js.map", "dist/b.spec.js", "tsconfig.json", "vitest.config.ts"]) {
      expect(
        problems.some((p) => p.startsWith(`${f} is `)),
        `${f} in ${problems.join("; ")}`,
      ).toBe(true);
    }
  });

  it("reports publishing fields that are missing or wrong", () => {
    const problems = checkTarball(
      withManifest((m) => {
        (m as { license?: string }).license = "MIT";
        m.repository = { type: "git", url: "git+https://github.com/acme/example.git", directory: "packages/other" };
        m.homepage = "https://example.com";
        (m as { bugs?: unknown }).bugs = undefined;
        (m as { engines?: unknown }).engines = undefined;
        m.exports = { ".": { default: "./dist/index.js", types: "./dist/index.d.ts" } } as never;
        m.bin = { example: "./bin/example.js" };
      }),
      context,
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        `package.json: license is "MIT", expected "Apache-2.0"`,
        `package.json: repository is {"type":"git","url":"git+https://github.com/acme/example.git","directory":"packages/other"}, expected {"type":"git","url":"git+https://github.com/acme/example.git","directory":"packages/example"}`,
        `package.json: homepage is "https://example.com", expected "https://github.com/acme/example/tree/main/packages/example#readme"`,
        `package.json: bugs is undefined, expected { "url": "https://github.com/acme/example/issues" }`,
        "package.json: engines.node is missing",
        `package.json: exports has no "./package.json"`,
        `package.json: exports condition "types" must come first, found default, types`,
        `package.json: bin "example" is './bin/example.js'; write it as 'bin/example.js', the form npm publish normalizes it to`,
      ]),
    );
  });

  it("reports an undeclared dependency, a stale dist file, a changed LICENSE and an internal version out of step", () => {
    const files = good();
    files.set("dist/old.js", encode('import "left-pad";\n'));
    files.set("LICENSE", encode("other"));
    const problems = checkTarball(files, { ...context, workspaceVersions: new Map([["@shared-rt/runtime", "0.2.0"]]) });
    expect(problems).toEqual(
      expect.arrayContaining([
        "dist/old.js imports 'left-pad', but 'left-pad' is not in dependencies or peerDependencies",
        "dist/old.js has no source in src/ (stale build output: rebuild from a clean dist/)",
        "LICENSE differs from the repository's LICENSE",
        `package.json: dependencies["@shared-rt/runtime"] is '0.1.0', but the workspace package is at 0.2.0`,
      ]),
    );
  });

  it("reports an unshipped CHANGELOG and a bin without a node shebang", () => {
    const files = good();
    files.set("bin/example.js", encode('import "../dist/index.js";\n'));
    const problems = checkTarball(files, { ...context, sourceFiles: new Set([...context.sourceFiles, "CHANGELOG.md"]) });
    expect(problems).toEqual([
      "CHANGELOG.md exists but is not in the tarball (add it to files)",
      `bin/example.js (bin "example") does not start with #!/usr/bin/env node`,
    ]);
  });

  it("reports a repository URL other than the root's", () => {
    const problems = checkTarball(
      withManifest((m) => {
        m.repository.url = "git+https://github.com/someone/else.git";
      }),
      context,
    );
    expect(problems).toEqual([
      `package.json: repository is {"type":"git","url":"git+https://github.com/someone/else.git","directory":"packages/example"}, expected {"type":"git","url":"git+https://github.com/acme/example.git","directory":"packages/example"}`,
    ]);
  });

  it("reports a sourceMappingURL to a map that does not ship, and a shipped map's missing source", () => {
    const files = good();
    files.set("dist/index.js", encode('export * from "./util.js";\n//# sourceMappingURL=index.js.map'));
    files.set("dist/index.d.ts", encode('export * from "./util.js";\n//# sourceMappingURL=index.d.ts.map\n'));
    files.set("dist/util.js", encode("export const y = 1;\n//# sourceMappingURL=util.js.map\n"));
    files.set("dist/util.js.map", encode({ version: 3, sources: ["../src/util.ts"], mappings: "" }));
    files.set("dist/util.d.ts", encode("export declare const y = 1;\n//# sourceMappingURL=data:application/json;base64,e30=\n"));
    const problems = checkTarball(files, context).filter((p) => !p.endsWith("it must not ship"));
    expect(problems).toEqual([
      "dist/index.js names the source map 'index.js.map', which is not in the tarball (turn sourceMap and declarationMap off, or ship the map with its sources)",
      "dist/index.d.ts names the source map 'index.d.ts.map', which is not in the tarball (turn sourceMap and declarationMap off, or ship the map with its sources)",
      "dist/util.js.map maps to the source '../src/util.ts', which is not in the tarball",
    ]);
  });
});
