import { readFile } from "node:fs/promises";
import { builtinModules } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const src = path.resolve(fileURLToPath(import.meta.url), "../../src");
const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+"([^"]+)"|import\("([^"]+)"\)/g;

/** Every module specifier reachable from `entry` through relative imports. */
async function reachable(entry: string): Promise<Map<string, string[]>> {
  const seen = new Map<string, string[]>();
  const queue = [path.join(src, entry)];
  while (queue.length) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    const text = await readFile(file, "utf8");
    const specifiers = [...text.matchAll(IMPORT)].map((m) => m[1] ?? m[2]);
    seen.set(file, specifiers);
    for (const s of specifiers) if (s.startsWith(".")) queue.push(path.resolve(path.dirname(file), s.replace(/\.js$/, ".ts")));
  }
  return seen;
}

/**
 * The packages the core may import: the contracts and the pure-JS SHA-256 (for pages without
 * crypto.subtle), which have no dependencies and load in a browser as they are (apps/browser's
 * fetch page maps their names to their files with an import map).
 */
const BROWSER_SAFE = new Set(["@shared-rt/abi", "@noble/hashes/sha2.js"]);

describe("the runner core", () => {
  it("imports no Node built-ins and no package but @shared-rt/abi and @noble/hashes, so it loads in a browser", async () => {
    const graph = await reachable("index.ts");
    const external = [...graph].flatMap(([file, specifiers]) =>
      specifiers.filter((s) => !s.startsWith(".") && !BROWSER_SAFE.has(s)).map((s) => `${path.basename(file)}: ${s}`),
    );
    expect(external).toEqual([]);
    // It does import both (so this test would notice if the allowance went stale).
    expect(new Set([...graph.values()].flat().filter((s) => BROWSER_SAFE.has(s)))).toEqual(BROWSER_SAFE);
    expect([...graph.keys()].map((f) => path.basename(f))).not.toContain("node.ts");
    // The Node entry is the one place that may use them.
    const node = await reachable("node.ts");
    const builtins = new Set(builtinModules);
    expect(node.get(path.join(src, "node.ts"))!.filter((s) => s.startsWith("node:") || builtins.has(s))).toEqual(["node:fs/promises", "node:path", "node:url"]);
  });
});
