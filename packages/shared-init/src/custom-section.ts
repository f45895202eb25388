/**
 * The payload of a module's custom section, read from the binary without compiling it
 * (`WebAssembly.Module.customSections` compiles the whole module first, which costs more than
 * anything else done to read a layout). The format: the 8-byte header, then sections, each an
 * id byte, its size as an unsigned LEB128 and its payload; a custom section (id 0) starts with
 * its name (LEB128 length, UTF-8). Undefined if there is none of that name; the first if several.
 */
export function customSection(wasm: Uint8Array, name: string): Uint8Array | undefined {
  const wanted = new TextEncoder().encode(name);
  let at = 8;
  while (at < wasm.length) {
    const id = wasm[at++];
    const size = readLeb(wasm, at);
    const end = size.next + size.value;
    if (end > wasm.length) throw new Error(`the module's section at ${at - 1} runs past its end`);
    if (id === 0) {
      const length = readLeb(wasm, size.next);
      const nameEnd = length.next + length.value;
      if (length.value === wanted.length && wanted.every((b, i) => wasm[length.next + i] === b)) return wasm.subarray(nameEnd, end);
    }
    at = end;
  }
  return undefined;
}

function readLeb(bytes: Uint8Array, at: number): { value: number; next: number } {
  let value = 0;
  let shift = 0;
  let byte: number;
  do {
    byte = bytes[at++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  return { value, next: at };
}
