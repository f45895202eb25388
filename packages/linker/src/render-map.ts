import { COMMON_CLASS_IDS, FIRST_SHARED_CLASS_ID, SHARED_CLASS_END, VISITOR_SLOTS, type Manifest } from "@shared-rt/abi";

/**
 * Renders a linked project's layout as a self-contained SVG: one band per plugin in memory
 * (its slot, the part its static data uses), the runtime's data, the shared shadow stack and
 * the heap; the table slots; the class-id ranges. Every box has a label and a hover title.
 * Widths are logarithmic in size so that a 1 KiB plugin and a 32 KiB stack are both legible.
 */

const PALETTE = ["#4e79a7", "#f28e2b", "#59a14f", "#b07aa1", "#edc948", "#76b7b2", "#ff9da7", "#9c755f", "#e15759", "#bab0ac"];
const WIDTH = 1200;
const MARGIN = 24;
const ROW = 56;

const escapeXml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(n < 10240 ? 1 : 0)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

interface Box {
  label: string;
  sub: string;
  title: string;
  size: number;
  color: string;
  /** Fraction of the box that is in use (drawn solid); the rest is headroom (drawn light). */
  used?: number;
  kind: string;
}

function layoutRow(boxes: Box[], y: number, height: number, scale: (size: number) => number): string {
  const weights = boxes.map((b) => scale(b.size));
  const total = weights.reduce((a, b) => a + b, 0);
  const inner = WIDTH - 2 * MARGIN;
  let x = MARGIN;
  const out: string[] = [];
  boxes.forEach((box, i) => {
    const w = Math.max(2, (weights[i] / total) * inner);
    const used = box.used ?? 1;
    out.push(`<g class="box ${box.kind}" data-label="${escapeXml(box.label)}" data-size="${box.size}">`);
    out.push(`<title>${escapeXml(box.title)}</title>`);
    out.push(
      `<rect x="${x.toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="${height}" fill="${box.color}" fill-opacity="0.25" stroke="#333" stroke-width="0.5"/>`,
    );
    if (used > 0) out.push(`<rect x="${x.toFixed(1)}" y="${y}" width="${(w * used).toFixed(1)}" height="${height}" fill="${box.color}" fill-opacity="0.85"/>`);
    if (w > 40) {
      out.push(`<text x="${(x + 4).toFixed(1)}" y="${y + 18}" class="label">${escapeXml(box.label)}</text>`);
      out.push(`<text x="${(x + 4).toFixed(1)}" y="${y + 34}" class="sub">${escapeXml(box.sub)}</text>`);
    }
    out.push("</g>");
    x += w;
  });
  return out.join("\n");
}

type Colors = Map<string, string>;

/** The memory row: the null page, every plugin's slot in address order, the runtime, the stack, the heap. */
function memoryBoxes(manifest: Manifest, color: Colors): Box[] {
  const byBase = [...manifest.plugins].sort((a, b) => a.memory.base - b.memory.base);
  const rt = manifest.runtime;
  const heapPages = manifest.memory.initial * 65536 - rt.stackTop;
  const memory: Box[] = [
    {
      label: "null page",
      sub: formatBytes(byBase[0]?.memory.base ?? rt.memory.base),
      title: `0..${(byBase[0]?.memory.base ?? rt.memory.base) - 1}: left empty`,
      size: byBase[0]?.memory.base ?? rt.memory.base,
      color: "#ccc",
      kind: "reserved",
    },
  ];
  for (const p of byBase) {
    const slotSize = p.slot?.memory.size ?? p.memory.end - p.memory.base;
    const used = p.memory.end - p.memory.base;
    memory.push({
      label: p.name,
      sub: `${formatBytes(used)} / ${formatBytes(slotSize)}`,
      title: `plugin ${p.name}: static data ${p.memory.base}..${p.memory.end - 1} (${formatBytes(used)}), slot ${formatBytes(slotSize)} at ${p.slot?.memory.base ?? p.memory.base}`,
      size: slotSize,
      used: used / slotSize,
      color: color.get(p.name)!,
      kind: "plugin",
    });
  }
  memory.push(
    {
      label: "runtime",
      sub: formatBytes(rt.memory.end - rt.memory.base),
      title: `runtime static data ${rt.memory.base}..${rt.memory.end - 1}`,
      size: rt.memory.end - rt.memory.base,
      color: "#555",
      kind: "runtime",
    },
    {
      label: "shared stack",
      sub: formatBytes(rt.stackTop - rt.memory.end),
      title: `one shadow stack for every plugin: ${rt.memory.end}..${rt.stackTop - 1}, grows down from ${rt.stackTop}`,
      size: rt.stackTop - rt.memory.end,
      color: "#8c8c8c",
      kind: "stack",
    },
    {
      label: "heap",
      sub: `from ${rt.stackTop}`,
      title: `heap (TLSF) from ${rt.stackTop}; ${formatBytes(heapPages)} in the initial ${manifest.memory.initial} pages, grows on demand${manifest.memory.maximum ? ` up to ${manifest.memory.maximum} pages` : ""}`,
      size: heapPages,
      color: "#2f6f4f",
      kind: "heap",
    },
  );
  return memory;
}

/** The table row: slot 0, every plugin's functions and visitor slots, the runtime's functions. */
function tableBoxes(manifest: Manifest, color: Colors): Box[] {
  const rt = manifest.runtime;
  const table: Box[] = [{ label: "0", sub: "null", title: "table slot 0: empty, so a null function index traps", size: 1, color: "#ccc", kind: "reserved" }];
  for (const p of [...manifest.plugins].sort((a, b) => a.table.base - b.table.base)) {
    const size = p.slot?.table.size ?? p.table.size + VISITOR_SLOTS;
    table.push({
      label: p.name,
      sub: `${p.table.size} fn + ${VISITOR_SLOTS} visitors / ${size}`,
      title: `plugin ${p.name}: functions in slots ${p.table.base}..${p.table.base + p.table.size - 1}, visitors in ${p.visitorSlots.globals} and ${p.visitorSlots.members}, slot of ${size}`,
      size,
      used: (p.table.size + VISITOR_SLOTS) / size,
      color: color.get(p.name)!,
      kind: "plugin",
    });
  }
  if (rt.table.size)
    table.push({
      label: "runtime",
      sub: `${rt.table.size}`,
      title: `runtime functions ${rt.table.base}..`,
      size: rt.table.size,
      color: "#555",
      kind: "runtime",
    });
  return table;
}

/** The class-id row: the common ids, the runtime's range, every plugin's range. */
function classBoxes(manifest: Manifest, color: Colors): Box[] {
  const runtimeIds = `${COMMON_CLASS_IDS}–${FIRST_SHARED_CLASS_ID - 1}`;
  const shared = manifest.sharedClasses?.names.length ?? 0;
  const sharedIds = `${FIRST_SHARED_CLASS_ID}–${SHARED_CLASS_END - 1}`;
  const classes: Box[] = [
    {
      label: `0–${COMMON_CLASS_IDS - 1}`,
      sub: "common",
      title: `class ids 0–${COMMON_CLASS_IDS - 1}: Object, ArrayBuffer, String, ArrayBufferView, the same in every module`,
      size: COMMON_CLASS_IDS,
      color: "#ccc",
      kind: "reserved",
    },
    {
      label: runtimeIds,
      sub: "runtime",
      title: `class ids ${runtimeIds}: the runtime's own classes`,
      size: FIRST_SHARED_CLASS_ID - COMMON_CLASS_IDS,
      color: "#999",
      kind: "runtime",
    },
    {
      label: sharedIds,
      sub: `shared (${shared} used)`,
      // Drawn at the size of what is used (at least the runtime's box): the range holds 2016.
      title: `class ids ${sharedIds}: one id per class several plugins compile, ${shared} in use`,
      size: Math.max(shared, FIRST_SHARED_CLASS_ID - COMMON_CLASS_IDS),
      color: "#bbb",
      kind: "runtime",
    },
  ];
  for (const p of [...manifest.plugins].sort((a, b) => a.classes.base - b.classes.base)) {
    const count = p.slot?.classes.count ?? p.classes.count;
    classes.push({
      label: p.name,
      sub: `${p.classes.base}–${p.classes.base + count - 1} (${p.classes.count} used)`,
      title: `plugin ${p.name}: class ids ${p.classes.base}..${p.classes.base + p.classes.count - 1} in use, ${count} reserved`,
      size: count,
      used: count ? p.classes.count / count : 0,
      color: color.get(p.name)!,
      kind: "plugin",
    });
  }
  return classes;
}

export function renderMap(manifest: Manifest, title = "shared-rt layout"): string {
  const color: Colors = new Map();
  [...manifest.plugins]
    .sort((a, b) => a.memory.base - b.memory.base)
    .forEach((p, i) => {
      color.set(p.name, PALETTE[i % PALETTE.length]);
    });
  const log = (n: number) => Math.log2(Math.max(16, n));

  const height = MARGIN * 2 + 40 + 3 * (ROW + 40) + 30;
  const section = (i: number, name: string, detail: string) =>
    `<text x="${MARGIN}" y="${MARGIN + 40 + i * (ROW + 40) + 14}" class="section">${escapeXml(name)}</text><text x="${MARGIN + 140}" y="${MARGIN + 40 + i * (ROW + 40) + 14}" class="detail">${escapeXml(detail)}</text>`;
  const rowY = (i: number) => MARGIN + 40 + i * (ROW + 40) + 22;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="system-ui, sans-serif">
<style>
.title { font-size: 18px; font-weight: 600; }
.section { font-size: 14px; font-weight: 600; }
.detail, .legend { font-size: 12px; fill: #555; }
.label { font-size: 12px; font-weight: 600; fill: #111; }
.sub { font-size: 11px; fill: #222; }
.box:hover rect { stroke-width: 2; }
</style>
<rect width="100%" height="100%" fill="#fff"/>
<text x="${MARGIN}" y="${MARGIN + 8}" class="title">${escapeXml(title)}</text>
<text x="${MARGIN}" y="${MARGIN + 26}" class="legend">${manifest.plugins.length} plugin(s), ${manifest.collector} collector, ABI ${manifest.abi}; solid = in use, light = headroom; widths are logarithmic; hover for details</text>
${section(0, "memory", `${manifest.memory.initial} pages initially; everything left of the heap is static to the collector`)}
<g class="row memory">
${layoutRow(memoryBoxes(manifest, color), rowY(0), ROW - 16, log)}
</g>
${section(1, "table", `${manifest.table.initial} slots`)}
<g class="row table">
${layoutRow(tableBoxes(manifest, color), rowY(1), ROW - 16, (n) => log(n * 64))}
</g>
${section(2, "class ids", "one range per plugin")}
<g class="row classes">
${layoutRow(classBoxes(manifest, color), rowY(2), ROW - 16, (n) => log(n * 64))}
</g>
</svg>
`;
}
