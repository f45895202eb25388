import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// The built declarations (dist/*.d.ts, what npm ships) compiled as a consumer's project would
// compile them: the package linked into node_modules, skipLibCheck off, and no @types/node unless
// asked for — a browser project has none, and `Symbol.dispose` must not need it.
const runnerDir = fileURLToPath(new URL("../", import.meta.url));
const repoRoot = path.resolve(runnerDir, "../..");

const CONSUMER = `
import { SharedRtError, type Owned } from "@shared-rt/runner";

export function text(handle: Owned<string>): string {
  try {
    return handle.value;
  } finally {
    handle.dispose();
  }
}

export function scoped(make: () => Owned<string>): string {
  using handle = make();
  return handle.value;
}

export function what(error: unknown): string {
  if (!(error instanceof SharedRtError)) return "other";
  switch (error.code) {
    case "NO_SUCH_PLUGIN":
      return "typo";
    case "PLUGIN_ABORT":
      return "abort";
    default:
      return error.code;
  }
}
`;

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "shared-rt-types-"));
  await mkdir(path.join(dir, "node_modules/@shared-rt"), { recursive: true });
  await symlink(runnerDir, path.join(dir, "node_modules/@shared-rt/runner"), "dir");
  await writeFile(path.join(dir, "package.json"), JSON.stringify({ type: "module" }));
  await writeFile(path.join(dir, "consumer.ts"), CONSUMER);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

// Parsed once for all programs. The default libs are TypeScript's own and need no checking.
const parsed = new Map<string, ts.SourceFile | undefined>();

/** Type-checks the consumer with `lib` and `types`; the diagnostics and the files it read. */
function check(lib: string[], types: string[]): { errors: string[]; files: string[] } {
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    lib: lib.map((l) => `lib.${l}.d.ts`),
    types,
    typeRoots: [path.join(repoRoot, "node_modules/@types")],
    strict: true,
    skipLibCheck: false,
    skipDefaultLibCheck: true,
    noEmit: true,
  };
  const host = ts.createCompilerHost(options);
  const read = host.getSourceFile;
  host.getSourceFile = (name, version, ...rest) => {
    if (!parsed.has(name)) parsed.set(name, read.call(host, name, version, ...rest));
    return parsed.get(name);
  };
  const program = ts.createProgram([path.join(dir, "consumer.ts")], options, host);
  const errors = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
  return { errors, files: program.getSourceFiles().map((f) => f.fileName) };
}

describe("the published types", { timeout: 30_000 }, () => {
  it("compile without @types/node and without the esnext.disposable lib, `using` included", () => {
    const { errors, files } = check(["es2022", "dom"], []);
    expect(errors).toEqual([]);
    expect(files.some((f) => f.includes("/dist/owned.d.ts"))).toBe(true);
    expect(files.filter((f) => f.includes("@types/node"))).toEqual([]);
  });

  it("compile with TypeScript's own disposable lib, and next to @types/node", () => {
    expect(check(["es2022", "dom", "esnext.disposable"], []).errors).toEqual([]);
    const withNode = check(["es2022", "dom", "esnext.disposable"], ["node"]);
    expect(withNode.errors).toEqual([]);
    expect(withNode.files.some((f) => f.includes("@types/node"))).toBe(true);
  });

  it("let TypeScript compile `using` for Node 20 with target ES2022", async () => {
    // Node 20 cannot parse `using`; below target ESNext tsc rewrites it into a try/finally.
    const source = "export const log = []; { using r = { [Symbol.dispose]() { log.push('disposed'); } }; log.push('body'); }";
    const js = ts.transpileModule(source, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext } }).outputText;
    expect(js).not.toMatch(/\busing r\b/);
    const { log } = await import(`data:text/javascript,${encodeURIComponent(js)}`);
    expect(log).toEqual(["body", "disposed"]);
  });
});
