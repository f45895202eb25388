import path from "node:path";

/** Shipped code: the files whose last line may name a source map. */
const CODE = /\.(m?js|cjs|d\.m?ts)$/;
const COMMENT = /^\s*\/[/*][#@]\s*sourceMappingURL=([^\s*]+)/gm;

/**
 * Source maps are all or nothing: a `sourceMappingURL` comment in shipped code must name a map
 * in the tarball (or be inline), and a shipped map's sources must ship too. A comment to a map
 * that `files` leaves out makes debuggers and bundlers warn on every file.
 */
export function checkSourceMaps(files: Map<string, Uint8Array>): string[] {
  const problems: string[] = [];
  const textOf = (file: string) => new TextDecoder().decode(files.get(file));
  for (const file of files.keys()) {
    if (!CODE.test(file)) continue;
    for (const [, url] of textOf(file).matchAll(COMMENT)) {
      if (url.startsWith("data:")) continue;
      const map = path.posix.normalize(path.posix.join(path.posix.dirname(file), url));
      if (!files.has(map)) {
        problems.push(
          `${file} names the source map '${url}', which is not in the tarball (turn sourceMap and declarationMap off, or ship the map with its sources)`,
        );
      } else {
        problems.push(...checkMapSources(map, textOf(map), files));
      }
    }
  }
  return problems;
}

/** Each source a shipped map names is in the tarball, or its content is in the map. */
function checkMapSources(map: string, text: string, files: Map<string, Uint8Array>): string[] {
  let parsed: { sources?: string[]; sourceRoot?: string; sourcesContent?: (string | null)[] };
  try {
    parsed = JSON.parse(text);
  } catch {
    return [`${map} is not JSON`];
  }
  const base = path.posix.join(path.posix.dirname(map), parsed.sourceRoot ?? "");
  return (parsed.sources ?? []).flatMap((source, i) => {
    if (typeof parsed.sourcesContent?.[i] === "string") return [];
    const resolved = path.posix.normalize(path.posix.join(base, source));
    return files.has(resolved) ? [] : [`${map} maps to the source '${source}', which is not in the tarball`];
  });
}
