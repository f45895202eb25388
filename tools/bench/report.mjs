// Bench results as text: the cells of the one table (stdout) and the same table as markdown
// (for the README), from the rows bench-rows.mjs produces.

const units = {
  B: (x) => `${Math.round(x)} B`,
  calls: (x) => `${Math.round(x)} calls`,
  s: (x) => `${x.toFixed(2)} s`,
  ms: fmtMs,
  ns: (x) => `${x.toFixed(2)} ns`,
};
function fmtMs(ms) {
  if (ms >= 1) return `${ms.toFixed(2)} ms`;
  if (ms >= 0.001) return `${(ms * 1000).toFixed(2)} µs`;
  return `${(ms * 1e6).toFixed(1)} ns`;
}
const fmtRatio = (x) => (x >= 0.01 ? x.toFixed(2) : x.toPrecision(2));
const spread = (s) => (s.n > 1 ? ` [${fmtRatio(s.min)}–${fmtRatio(s.max)}]` : "");

/** Cells per row (measure, shared-rt, baseline, ratio) and numbered notes for not-measured rows and row notes. */
export function tableRows(rows) {
  const notes = [];
  const mark = (text) => {
    notes.push(`[${notes.length + 1}] ${text}`);
    return ` [${notes.length}]`;
  };
  const cells = rows.map((r) => {
    if (r.notMeasured) return [r.measure, "not measured", r.baseline.label, `—${mark(r.notMeasured)}`];
    const u = units[r.unit];
    // Short notes (a dispatch path, modules compiled) stay in the row; long ones become footnotes.
    const measure = !r.note ? r.measure : r.note.length <= 48 ? `${r.measure} (${r.note})` : `${r.measure}${mark(r.note)}`;
    return [measure, u(r.value.median), `${r.baseline.label}: ${u(r.baseline.value.median)}`, `${fmtRatio(r.ratio.median)}${spread(r.ratio)}`];
  });
  return { cells, notes };
}

/** The results as a markdown section: machine and versions, the table, its notes. */
export function markdown(result) {
  const { cells, notes } = tableRows(result.rows);
  const m = result.machine;
  const esc = (c) => String(c).replace(/\|/g, "\\|");
  return [
    `Measured ${result.date.slice(0, 16).replace("T", " ")} UTC (${result.mode} run, ${result.seconds.toFixed(0)} s) on ${m.cpus} × ${m.model}, ` +
      `${(m.memoryBytes / 2 ** 30).toFixed(1)} GiB, ${m.platform}/${m.arch}, load average ${m.loadAverage.map((x) => x.toFixed(1)).join(" ")}; ` +
      `Node ${result.versions.node}, AssemblyScript ${result.versions.assemblyscript}, @extism/extism ${result.versions["@extism/extism"]}, @extism/as-pdk ${result.versions["@extism/as-pdk"]}.`,
    "",
    "| measure | shared-rt | baseline | ratio: median [min–max] |",
    "|---|---:|---:|---:|",
    ...cells.map((r) => `| ${r.map(esc).join(" | ")} |`),
    "",
    ...notes.map((n) => `${n}  `),
    "",
  ].join("\n");
}
