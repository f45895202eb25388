// Prints module sizes without custom sections (the vd.info JSON is registration data, not code).
import { readFileSync, readdirSync } from "node:fs";
function sizes(file) {
  const b = readFileSync(file); let p = 8, custom = 0, code = 0, funcs = 0;
  const leb = () => { let r = 0, s = 0, x; do { x = b[p++]; r |= (x & 0x7f) << s; s += 7; } while (x & 0x80); return r >>> 0; };
  while (p < b.length) { const id = b[p++]; const len = leb(); const start = p; if (id === 0) custom += len + 2; if (id === 10) { code = len; funcs = leb(); } p = start + len; }
  return { total: b.length, noCustom: b.length - custom, code, funcs };
}
const O = process.argv[2] ?? "3";
for (const f of readdirSync("build").filter((f) => f.endsWith(`.O${O}.wasm`)).sort()) {
  const s = sizes(`build/${f}`);
  console.log(`${f.padEnd(24)} total ${String(s.total).padStart(6)}  without custom sections ${String(s.noCustom).padStart(6)}  code section ${String(s.code).padStart(6)}  functions ${s.funcs}`);
}
