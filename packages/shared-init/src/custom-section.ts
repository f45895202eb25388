/**
 * The payload of a module's custom section, read from the binary without compiling it
 * (`WebAssembly.Module.customSections` compiles the whole module first, which costs more than
 * anything else done to read a layout). The format: the 8-byte header, then sections, each an
 * id byte, its size as an unsigned LEB128 and its payload; a custom section (id 0) starts with
 * its name (LEB128 length, UTF-8). Undefined if there is none of that name; the first if several.
 */
export function customSection(wasm: Uint8Array, name: string): Uint8Array | undefined {
  const wanted = new TextEncoder().encode(name);
  for (const section of sections(wasm)) {
    if (section.id !== 0) continue;
    const length = readLeb(wasm, section.payload);
    const nameEnd = length.next + length.value;
    if (length.value === wanted.length && wanted.every((b, i) => wasm[length.next + i] === b)) return wasm.subarray(nameEnd, section.end);
  }
  return undefined;
}

/** Every custom section (id 0) of `wasm`, whole (id, size and payload), in order. */
export function customSections(wasm: Uint8Array): Uint8Array[] {
  return [...sections(wasm)].filter((s) => s.id === 0).map((s) => wasm.subarray(s.start, s.end));
}

/** The sections of `wasm`: id, where it starts (its id byte), its payload and its end. */
function* sections(wasm: Uint8Array): Generator<{ id: number; start: number; payload: number; end: number }> {
  let at = 8;
  while (at < wasm.length) {
    const start = at;
    const id = wasm[at++];
    const size = readLeb(wasm, at);
    const end = size.next + size.value;
    if (end > wasm.length) throw new Error(`the module's section at ${start} runs past its end`);
    yield { id, start, payload: size.next, end };
    at = end;
  }
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
