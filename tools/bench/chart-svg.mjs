// Renders bench results (the JSON bench.mjs writes) as an SVG bar chart of ratios on a log
// scale: one bar per row from 1 (the baseline) to the median ratio, a line for min–max. Plain
// string building, no dependencies, so the same JSON always gives the same bytes.

const ROW = 18;
const LABEL = 430;
const PLOT = 420;
const TOP = 46;
const [LO, HI] = [-5, 1.5]; // log10 of the ratio axis: 10^-5 … ~30

const esc = (s) => String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const x = (ratio) => LABEL + ((Math.min(Math.max(Math.log10(ratio), LO), HI) - LO) / (HI - LO)) * PLOT;
const n = (v) => v.toFixed(1);

/** The chart of `result` as SVG text. */
export function chartSvg(result) {
  const rows = result.rows;
  const height = TOP + rows.length * ROW + 30;
  const width = LABEL + PLOT + 150;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="8" y="16" font-size="13" font-weight="bold">${esc(`shared-rt / baseline, ${result.mode} run ${result.date.slice(0, 10)} (log scale; left of 1 = smaller or faster)`)}</text>`,
    `<text x="8" y="32" fill="#555">${esc(`${result.machine.cpus} × ${result.machine.model}, Node ${result.versions.node}, AssemblyScript ${result.versions.assemblyscript}`)}</text>`,
  ];
  for (let e = LO; e <= Math.floor(HI); ++e) {
    const gx = n(x(10 ** e));
    parts.push(`<line x1="${gx}" y1="${TOP - 4}" x2="${gx}" y2="${height - 24}" stroke="${e === 0 ? "#000" : "#ddd"}"/>`);
    parts.push(`<text x="${gx}" y="${height - 10}" text-anchor="middle" fill="#555">${e === 0 ? "1" : `10^${e}`}</text>`);
  }
  rows.forEach((r, i) => {
    const y = TOP + i * ROW;
    parts.push(`<text x="${LABEL - 6}" y="${y + 12}" text-anchor="end">${esc(`${r.measure} vs ${r.baseline.label}`.slice(0, 72))}</text>`);
    if (!r.ratio) {
      parts.push(`<text x="${LABEL + 4}" y="${y + 12}" fill="#999">not measured</text>`);
      return;
    }
    const [a, b] = [x(1), x(r.ratio.median)];
    const fill = r.ratio.median <= 1 ? "#3a8f4b" : "#c0504d";
    parts.push(`<rect x="${n(Math.min(a, b))}" y="${y + 3}" width="${n(Math.max(Math.abs(b - a), 1))}" height="${ROW - 6}" fill="${fill}"/>`);
    if (r.ratio.n > 1) parts.push(`<line x1="${n(x(r.ratio.min))}" y1="${y + 9}" x2="${n(x(r.ratio.max))}" y2="${y + 9}" stroke="#222"/>`);
    const t = r.ratio.median >= 0.01 ? r.ratio.median.toFixed(2) : r.ratio.median.toPrecision(2);
    parts.push(`<text x="${LABEL + PLOT + 8}" y="${y + 12}">${t}</text>`);
  });
  parts.push("</svg>");
  return `${parts.join("\n")}\n`;
}
