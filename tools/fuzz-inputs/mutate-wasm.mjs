// Mutations of a wasm file: bytes flipped, inserted or deleted; sections dropped, duplicated or
// truncated; a section's LEB128 size corrupted; the file cut short; the JSON of a plugin's
// layout section mutated like a manifest (the host reads a relocatable plugin's from it).
import { mutateJson } from "./mutate-json.mjs";

function readLeb(bytes, at) {
  let value = 0;
  let shift = 0;
  for (let i = 0; i < 5 && at < bytes.length; ++i) {
    const byte = bytes[at++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if (!(byte & 0x80)) return { value, next: at };
  }
  return undefined;
}

function leb(value) {
  const out = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value) byte |= 0x80;
    out.push(byte);
  } while (value);
  return out;
}

/** The sections of a well-formed module: id, where the header starts, where the payload starts and ends. */
export function sections(bytes) {
  const out = [];
  let at = 8;
  while (at < bytes.length) {
    const start = at;
    const id = bytes[at++];
    const size = readLeb(bytes, at);
    if (!size || size.next + size.value > bytes.length) break;
    out.push({ id, start, payload: size.next, end: size.next + size.value });
    at = size.next + size.value;
  }
  return out;
}

const concat = (...parts) => Uint8Array.from(parts.flatMap((p) => [...p]));

const MUTATIONS = [
  [
    "flip",
    (rng, b) => {
      const copy = b.slice();
      const i = 8 + rng.int(b.length - 8);
      copy[i] ^= 1 << rng.int(8);
      return [copy, `byte ${i}`];
    },
  ],
  [
    "insert",
    (rng, b) => {
      const i = 8 + rng.int(b.length - 8);
      return [concat(b.subarray(0, i), [rng.int(256)], b.subarray(i)), `at ${i}`];
    },
  ],
  [
    "delete",
    (rng, b) => {
      const i = 8 + rng.int(b.length - 8);
      return [concat(b.subarray(0, i), b.subarray(i + 1)), `byte ${i}`];
    },
  ],
  [
    "truncate-file",
    (rng, b) => {
      const n = rng.int(b.length);
      return [b.slice(0, n), `to ${n} bytes`];
    },
  ],
  [
    "drop-section",
    (rng, b, s) => {
      const x = rng.pick(s);
      return [concat(b.subarray(0, x.start), b.subarray(x.end)), `id ${x.id} at ${x.start}`];
    },
  ],
  [
    "duplicate-section",
    (rng, b, s) => {
      const x = rng.pick(s);
      return [concat(b.subarray(0, x.end), b.subarray(x.start, x.end), b.subarray(x.end)), `id ${x.id} at ${x.start}`];
    },
  ],
  [
    "truncate-section",
    (rng, b, s) => {
      // The payload cut and its size fixed: the rest of the module still parses as sections.
      const x = rng.pick(s);
      const keep = rng.int(x.end - x.payload);
      return [concat(b.subarray(0, x.start), [x.id], leb(keep), b.subarray(x.payload, x.payload + keep), b.subarray(x.end)), `id ${x.id} to ${keep} bytes`];
    },
  ],
  [
    "corrupt-size",
    (rng, b, s) => {
      const x = rng.pick(s);
      const size = x.end - x.payload;
      const wrong = rng.pick([0, size + 1, size - 1, size * 2, 0xfffffff, size + rng.int(16)]);
      return [concat(b.subarray(0, x.start), [x.id], leb(Math.max(0, wrong)), b.subarray(x.payload)), `id ${x.id} size ${size} -> ${wrong}`];
    },
  ],
];

/** A custom section's name and where its payload starts, or undefined for another section. */
function customName(bytes, x) {
  if (x.id !== 0) return undefined;
  const length = readLeb(bytes, x.payload);
  if (!length) return undefined;
  return { name: new TextDecoder().decode(bytes.subarray(length.next, length.next + length.value)), data: length.next + length.value };
}

/** The layout section's JSON mutated, the section rewritten around it. */
function mutateLayout(rng, b, s) {
  for (const x of s) {
    const custom = customName(b, x);
    if (custom?.name !== "shared-rt.layout") continue;
    const json = new TextDecoder().decode(b.subarray(custom.data, x.end));
    const { text, description } = mutateJson(rng, json);
    const name = new TextEncoder().encode(custom.name);
    const body = [...leb(name.length), ...name, ...new TextEncoder().encode(JSON.stringify(JSON.parse(text)))];
    return [concat(b.subarray(0, x.start), [0], leb(body.length), body, b.subarray(x.end)), description];
  }
  return undefined;
}

export const WASM_MUTATIONS = [...MUTATIONS.map(([name]) => name), "layout"];

/** Mutates the module `bytes` once; returns the new bytes and what was done. */
export function mutateWasm(rng, bytes) {
  const s = sections(bytes);
  if (rng.chance(0.3)) {
    const layout = mutateLayout(rng, bytes, s);
    if (layout) return { bytes: layout[0], description: `layout ${layout[1]}` };
  }
  const usable = s.length ? MUTATIONS : MUTATIONS.slice(0, 4);
  const [name, mutate] = rng.pick(usable);
  const [out, detail] = mutate(rng, bytes, s);
  return { bytes: out, description: `${name} ${detail}` };
}
