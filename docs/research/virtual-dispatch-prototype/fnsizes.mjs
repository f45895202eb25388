// Body size in bytes of each function of a module, named by the --textFile of the same build.
import { readFileSync } from "node:fs";
const [wasm, wat, filter = "@override"] = process.argv.slice(2);
const b = readFileSync(wasm); let p = 8;
const leb = () => { let r = 0, s = 0, x; do { x = b[p++]; r |= (x & 0x7f) << s; s += 7; } while (x & 0x80); return r >>> 0; };
const bodies = [];
while (p < b.length) { const id = b[p++]; const len = leb(); const start = p; if (id === 10) { const n = leb(); for (let i = 0; i < n; i++) { const sz = leb(); bodies.push(sz); p += sz; } } p = start + len; }
const names = [...readFileSync(wat, "utf8").matchAll(/^ \(func (\$\S+)/gm)].map((m) => m[1]);
if (names.length !== bodies.length) throw new Error(`names ${names.length} != bodies ${bodies.length}`);
let total = 0, count = 0;
names.forEach((n, i) => { if (n.includes(filter)) { console.log(String(bodies[i]).padStart(5), n); total += bodies[i]; count++; } });
console.log(`${count} functions matching '${filter}': ${total} bytes`);
