import { LAYOUT_SECTION, encodeLayout, type PluginLayout } from "@shared-rt/abi";
import { LinkError } from "./errors.js";

/**
 * A linked plugin without its `shared-rt.layout` section. The manifest carries everything a
 * host reads from it (class names, bases and layouts; signatures), and the build cache keeps
 * the rest, so shipping it again in every plugin would only cost bytes (0.5–1 KB a plugin).
 * A relocatable plugin keeps its section: the host places it from that.
 *
 * The binary format: the 8-byte header, then sections, each an id byte, its size as an
 * unsigned LEB128, and its payload; a custom section (id 0) starts with its name, a LEB128
 * length and the UTF-8 bytes.
 */
export function withoutLayoutSection(wasm: Uint8Array, file?: string): Uint8Array {
  return withoutSections(wasm, [LAYOUT_SECTION], file);
}

/**
 * The module without the custom sections of these names. A module cut short or with a section
 * size past its end is a LinkError NOT_A_PLUGIN naming `file` (or the module, without one).
 */
export function withoutSections(wasm: Uint8Array, names: string[], file?: string): Uint8Array {
  const which = file === undefined ? "a module" : `'${file}'`;
  const truncated = (what: string) => new LinkError("NOT_A_PLUGIN", `${which} is not a complete WebAssembly module: ${what}`);
  if (wasm.length < 8) throw truncated(`it has ${wasm.length} bytes, fewer than the 8 of the header`);
  const encoded = names.map((n) => new TextEncoder().encode(n));
  const kept: Uint8Array[] = [wasm.subarray(0, 8)];
  let at = 8;
  while (at < wasm.length) {
    const start = at;
    const id = wasm[at++];
    const size = readLeb(wasm, at);
    if (!size) throw truncated(`the size of the section at byte ${start} runs past the end`);
    at = size.next;
    const end = at + size.value;
    if (end > wasm.length) throw truncated(`the section at byte ${start} (${size.value} bytes) runs past the end (${wasm.length} bytes)`);
    if (!(id === 0 && encoded.some((name) => hasName(wasm, at, name)))) kept.push(wasm.subarray(start, end));
    at = end;
  }
  const out = new Uint8Array(kept.reduce((n, part) => n + part.length, 0));
  let offset = 0;
  for (const part of kept) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** The plugin with `layout` as its layout section in place of the one it had (tests build mismatched plugins with it). */
export function withLayoutSection(wasm: Uint8Array, layout: PluginLayout): Uint8Array {
  return withCustomSection(withoutLayoutSection(wasm), LAYOUT_SECTION, encodeLayout(layout));
}

/** `wasm` with a custom section `name` holding `payload` appended. */
export function withCustomSection(wasm: Uint8Array, name: string, payload: Uint8Array): Uint8Array {
  const nameBytes = new TextEncoder().encode(name);
  const body = [...leb(nameBytes.length), ...nameBytes, ...payload];
  const section = Uint8Array.from([0, ...leb(body.length), ...body]);
  const out = new Uint8Array(wasm.length + section.length);
  out.set(wasm);
  out.set(section, wasm.length);
  return out;
}

/** `value` as an unsigned LEB128, the integer encoding of the wasm binary format. */
export function leb(value: number): number[] {
  const bytes: number[] = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value) byte |= 0x80;
    bytes.push(byte);
  } while (value);
  return bytes;
}

/** An unsigned LEB128 at `at`; undefined if it runs past the end of `bytes` (or past 5 bytes, a u32's most). */
function readLeb(bytes: Uint8Array, at: number): { value: number; next: number } | undefined {
  let value = 0;
  let shift = 0;
  for (let i = 0; i < 5; ++i) {
    if (at >= bytes.length) return undefined;
    const byte = bytes[at++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if (!(byte & 0x80)) return { value, next: at };
  }
  return undefined;
}

function hasName(bytes: Uint8Array, at: number, name: Uint8Array): boolean {
  const length = readLeb(bytes, at);
  if (length?.value !== name.length) return false;
  return name.every((b, i) => bytes[length.next + i] === b);
}
