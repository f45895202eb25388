import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";

/**
 * Reads a .tgz as npm pack writes it: a gzipped ustar archive whose entries all start with
 * `package/`. Returns regular files by path inside the package (without `package/`).
 *
 *   header (512 bytes): name[0,100) … size[124,136) octal … type[156] … prefix[345,500)
 *   data: size bytes, padded to a multiple of 512
 *   end: two zero blocks
 *
 * PAX extended headers (type `x`) may carry a long `path`; they apply to the next entry.
 */
export function readTarball(file: string): Map<string, Uint8Array> {
  const tar = gunzipSync(readFileSync(file));
  const files = new Map<string, Uint8Array>();
  const text = (start: number, end: number) => {
    const bytes = tar.subarray(start, end);
    const nul = bytes.indexOf(0);
    return bytes.subarray(0, nul < 0 ? bytes.length : nul).toString("utf8");
  };
  let offset = 0;
  let paxPath: string | undefined;
  while (offset + 512 <= tar.length) {
    if (tar.subarray(offset, offset + 512).every((b) => b === 0)) break;
    const name = text(offset, offset + 100);
    const size = parseInt(text(offset + 124, offset + 136).trim() || "0", 8);
    const type = String.fromCharCode(tar[offset + 156] || 48);
    const prefix = text(offset + 345, offset + 500);
    const data = tar.subarray(offset + 512, offset + 512 + size);
    offset += 512 + Math.ceil(size / 512) * 512;
    if (type === "x") {
      const record = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(data.toString("utf8"));
      paxPath = record?.[1];
      continue;
    }
    if (type === "g") continue;
    const full = paxPath ?? (prefix ? `${prefix}/${name}` : name);
    paxPath = undefined;
    if (type !== "0" && type !== "\0") continue; // directories, links: npm pack writes none
    if (!full.startsWith("package/")) throw new Error(`${file}: entry '${full}' lies outside package/`);
    files.set(full.slice("package/".length), new Uint8Array(data));
  }
  return files;
}
