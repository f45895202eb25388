// The host's part: count with the counter plugin (which tokenizes through the tokenizer plugin),
// order the words here in JS, and let the formatter plugin draw each row.
import { loadManifestFile } from "@shared-rt/runner/node";

/** Loads the linked project (build/manifest.json unless told otherwise). */
export function loadPlugins(manifest = new URL("./build/manifest.json", import.meta.url).pathname) {
  return loadManifestFile(manifest);
}

/** The word-count table of `text`, most frequent words first. */
export function wordReport(host, text) {
  const counts = host.call("counter", "countWords", text);
  const rows = [...counts].sort(([a, m], [b, n]) => n - m || (a < b ? -1 : a > b ? 1 : 0));
  const width = Math.max(0, ...rows.map(([word]) => word.length));
  const lines = rows.map(([word, count]) => host.call("formatter", "formatRow", word, count, width));
  lines.push(host.call("formatter", "formatTotal", host.call("counter", "totalWords", text), counts.size));
  return `${lines.join("\n")}\n`;
}
