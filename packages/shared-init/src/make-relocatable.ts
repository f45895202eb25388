import binaryen from "assemblyscript/binaryen";
import type binaryenNs from "assemblyscript/binaryen";
import {
  DELTAS,
  LAYOUT_SECTION,
  LOAD_NAMESPACE,
  OBJECT_HEADER_SIZE,
  RELOCATION_BASES,
  STATICS_SECTION,
  decodeLayout,
  encodeLayout,
  type DataRelocation,
  type PluginLayout,
  type RelocatableLayout,
  type RelocationKind,
  type StaticBlock,
} from "@shared-rt/abi";

/**
 * Relocatable plugins: no data at fixed addresses, table slots and class ids chosen at load.
 *
 * The exact method: the plugin is compiled twice, identically but for its bases — memory at
 * `bases.memory` and `bases.memory + DELTAS.memory`, likewise table and class ids. Two builds
 * of one program differ in exactly the constants derived from those bases, and by exactly the
 * delta of that base; so a constant that differs by the memory delta is an address, by the
 * table delta a table index, by the class delta a class id, and *any other difference* means
 * the builds are not the same shape, which is an error, never a guess. An ordinary integer
 * that happens to equal an address is the same in both builds and is left alone.
 *
 * In the result:
 * - every address constant in code becomes `global.get $static_k` (+ offset), where static_k is
 *   a mutable i32 global imported from `shared-rt.load` that the host sets to where it put
 *   static object k; class ids become `class_base + n`, table indices `table_base + n`;
 * - the data segments are gone: their bytes travel in a `shared-rt.statics` custom section,
 *   and the layout lists, per static object, where its bytes are and which of its words are
 *   pointers, table indices or class ids to patch;
 * - the function table segment is placed at the imported `table_base`.
 */

const OBJECT_HEADER = OBJECT_HEADER_SIZE;

export interface RelocationReport {
  /** Constants in code that were relocated, by kind. */
  code: Record<RelocationKind, number>;
  /** Words in static data that the host patches, by kind. */
  data: Record<RelocationKind, number>;
  blocks: { objects: number; raw: number; bytes: number };
}

export class RelocationError extends Error {
  readonly code = "RELOCATION_FAILED";
  constructor(message: string) {
    super(message);
    this.name = "RelocationError";
  }
}

interface Token {
  text: string;
  start: number;
  end: number;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === " " || c === "\n" || c === "\t" || c === "\r") {
      ++i;
    } else if (c === "(" || c === ")") {
      tokens.push({ text: c, start: i, end: ++i });
    } else if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === "\\" ? 2 : 1;
      tokens.push({ text: text.slice(i, j + 1), start: i, end: j + 1 });
      i = j + 1;
    } else if (c === ";" && text[i + 1] === ";") {
      while (i < text.length && text[i] !== "\n") ++i;
    } else {
      let j = i;
      while (j < text.length && !" \n\t\r()".includes(text[j])) ++j;
      tokens.push({ text: text.slice(i, j), start: i, end: j });
      i = j;
    }
  }
  return tokens;
}

/** Decodes a wat string literal into bytes. */
function decodeString(token: string): Uint8Array {
  const out: number[] = [];
  const body = token.slice(1, -1);
  for (let i = 0; i < body.length; ++i) {
    const c = body[i];
    if (c !== "\\") {
      const code = body.codePointAt(i)!;
      if (code > 0x7f) {
        out.push(...new TextEncoder().encode(String.fromCodePoint(code)));
        if (code > 0xffff) ++i;
      } else out.push(code);
      continue;
    }
    const n = body[++i];
    if (/[0-9a-fA-F]/.test(n) && /[0-9a-fA-F]/.test(body[i + 1] ?? "")) {
      out.push(parseInt(body.slice(i, i + 2), 16));
      ++i;
    } else if (n === "n") out.push(10);
    else if (n === "t") out.push(9);
    else if (n === "r") out.push(13);
    else out.push(n.charCodeAt(0)); // \\ \" \'
  }
  return new Uint8Array(out);
}

const u32 = (bytes: Uint8Array, at: number) => (bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16) | (bytes[at + 3] << 24)) >>> 0;

function kindOfDelta(delta: number): RelocationKind | undefined {
  if (delta === DELTAS.memory) return "memory";
  if (delta === DELTAS.table) return "table";
  if (delta === DELTAS.classes) return "classes";
  return undefined;
}

interface Segment {
  offset: number;
  bytes: Uint8Array;
  bytesB: Uint8Array;
  /** Token range of the whole `(data …)` form in the first build's text. */
  from: number;
  to: number;
}

/** Whether a data segment is an AssemblyScript static object: a consistent 20-byte header, payload 16-byte aligned. */
function isObject(segment: Segment): boolean {
  const { bytes, offset } = segment;
  if (bytes.length < OBJECT_HEADER || (offset + OBJECT_HEADER) % 16 !== 0) return false;
  const mmInfo = u32(bytes, 0);
  const rtSize = u32(bytes, 16);
  if (OBJECT_HEADER + rtSize > bytes.length) return false;
  if (u32(bytes, 4) !== 0 || u32(bytes, 8) !== 0) return false;
  return mmInfo === ((OBJECT_HEADER + rtSize + 15) & ~15) - 4 || mmInfo === ((OBJECT_HEADER + rtSize + 15) & ~15) - 4 + 16;
}

/**
 * Turns two builds of one plugin (at RELOCATION_BASES and at RELOCATION_BASES + DELTAS) into
 * one relocatable module. `name` is used in error messages.
 */
export function makeRelocatable(name: string, first: Uint8Array, second: Uint8Array, file?: string): { wasm: Uint8Array; report: RelocationReport } {
  // A binary does not say which features it uses; AssemblyScript's output needs bulk memory,
  // sign extension and the like, so validate against all of them.
  const features = binaryen.Features.All;
  const textA = textOf(first);
  const textB = textOf(second);
  const layoutSection = WebAssembly.Module.customSections(new WebAssembly.Module(first as Uint8Array<ArrayBuffer>), LAYOUT_SECTION)[0];
  if (!layoutSection) throw new RelocationError(`plugin '${name}': the module was not built with the shared-init transform`);
  const layout = decodeLayout(layoutSection);
  const A = tokenize(textA);
  const B = tokenize(textB);
  // Builds made with debug names say which function a difference is in ($file/function).
  let where = "";
  const fail = (why: string): never => {
    throw new RelocationError(`plugin '${name}'${file ? ` (${file})` : ""} cannot be made relocatable: ${why}${where}`);
  };
  if (A.length !== B.length) fail(`its builds at two bases differ in shape (${A.length} vs ${B.length} tokens)`);

  // Pass 1: the data segments, with their bytes in both builds.
  const segments: Segment[] = [];
  const heads: { head: string; at: number }[] = [];
  for (let i = 0; i < A.length; ++i) {
    const t = A[i].text;
    if (t === "(") heads.push({ head: A[i + 1]?.text ?? "", at: i });
    else if (t === ")") {
      const open = heads.pop()!;
      if (open.head === "data" && heads.length === 1) {
        const parts = A.slice(open.at, i + 1);
        const constAt = parts.findIndex((p) => p.text === "i32.const");
        if (constAt < 0) fail("a data segment is not active at a constant offset");
        const decode = (tokens: Token[]) => {
          const chunks = tokens.filter((p) => p.text.startsWith('"')).map((p) => decodeString(p.text));
          const all = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
          let at = 0;
          for (const c of chunks) {
            all.set(c, at);
            at += c.length;
          }
          return all;
        };
        segments.push({
          offset: Number(parts[constAt + 1].text),
          bytes: decode(parts),
          bytesB: decode(B.slice(open.at, i + 1)),
          from: open.at,
          to: i,
        });
      }
    }
  }
  segments.sort((x, y) => x.offset - y.offset);

  // The host places every segment as one block: objects at the address of their payload.
  const blocks: StaticBlock[] = [];
  const statics: Uint8Array[] = [];
  let staticsSize = 0;
  for (const s of segments) {
    const object = isObject(s) && s.offset !== layout.classes.rttiBase;
    const payload = object ? s.bytes.subarray(OBJECT_HEADER, OBJECT_HEADER + u32(s.bytes, 16)) : s.bytes;
    blocks.push({
      kind: object ? "object" : "raw",
      at: staticsSize,
      size: payload.length,
      ...(object ? { id: u32(s.bytes, 12) } : {}),
      address: object ? s.offset + OBJECT_HEADER : s.offset,
    });
    statics.push(payload);
    staticsSize += payload.length;
  }
  // Which block an address belongs to. Segments can be adjacent, so an address is first the
  // start of a block, then inside one, and only then one past the end of one.
  const blockOf = (address: number): { block: number; offset: number } | undefined => {
    let k = blocks.findIndex((b) => b.address === address);
    if (k < 0) k = segments.findIndex((s) => address >= s.offset && address < s.offset + s.bytes.length);
    if (k < 0) k = segments.findIndex((s) => address === s.offset + s.bytes.length);
    return k < 0 ? undefined : { block: k, offset: address - blocks[k].address };
  };

  // Words inside the segments that differ between the builds.
  const relocations: DataRelocation[] = [];
  const report: RelocationReport = { code: { memory: 0, table: 0, classes: 0 }, data: { memory: 0, table: 0, classes: 0 }, blocks: { objects: 0, raw: 0, bytes: staticsSize } };
  segments.forEach((s, k) => {
    if (s.bytes.length !== s.bytesB.length) fail(`data segment at ${s.offset} has different sizes in the two builds`);
    const object = blocks[k].kind === "object";
    report.blocks[object ? "objects" : "raw"]++;
    for (let at = 0; at < s.bytes.length; ++at) {
      if (s.bytes[at] === s.bytesB[at]) continue;
      const word = at & ~3;
      if ((s.offset + word) % 4 !== 0 || word + 4 > s.bytes.length) fail(`data at ${s.offset + at} differs between the builds at an unaligned place`);
      const value = u32(s.bytes, word);
      const kind = kindOfDelta((u32(s.bytesB, word) - value) >>> 0);
      if (!kind) fail(`the word at ${s.offset + word} differs between the builds by ${u32(s.bytesB, word) - value}, which is no base's delta`);
      if (object && word === 12) {
        // The class id in an object's header: the host allocates with the relocated id.
      } else {
        if (object && word < OBJECT_HEADER) fail(`the header word at ${s.offset + word} of a static object differs between the builds`);
        const offset = object ? word - OBJECT_HEADER : word;
        const target = kind === "memory" ? blockOf(value) : undefined;
        if (kind === "memory" && !target) fail(`the word at ${s.offset + word} holds ${value}, which is no static object's address`);
        relocations.push({ block: k, offset, kind: kind!, value, ...(target ? { target: target.block, targetOffset: target.offset } : {}) });
        report.data[kind!]++;
      }
      at = word + 3;
    }
  });

  // Pass 2: constants outside the data segments.
  const edits: { from: number; to: number; text: string }[] = segments.map((s) => ({ from: A[s.from].start, to: A[s.to].end, text: "" }));
  const inData = new Set<number>();
  for (const s of segments) for (let i = s.from; i <= s.to; ++i) inData.add(i);
  const usedStatics = new Set<number>();
  const stack: string[] = [];
  const opens: number[] = [];
  /** Globals whose initializer is relocated: set at the start of the start function instead. */
  const lateGlobals: { name: string; value: string }[] = [];
  for (let i = 0; i < A.length; ++i) {
    const a = A[i].text;
    if (a === "(") {
      stack.push(A[i + 1]?.text ?? "");
      opens.push(i);
      if (stack.length === 2) {
        const field = A[i + 1]?.text;
        const named = A[i + 2]?.text.startsWith("$") ? A[i + 2].text.replace(/^\$/, "") : undefined;
        where = (field === "func" || field === "global") && named ? ` (in ${field === "func" ? "function" : "global"} ${named})` : "";
      }
    } else if (a === ")") {
      stack.pop();
      opens.pop();
    }
    if (a === B[i].text || inData.has(i)) continue;
    const head = stack[stack.length - 1];
    const va = Number(a);
    const vb = Number(B[i].text);
    if (!Number.isFinite(va) || !Number.isFinite(vb)) fail(`its builds at two bases differ in '${a}' vs '${B[i].text}'`);
    if (head === "memory" || head === "table") {
      // Minimum sizes of the imported memory and table: the host's are large enough.
      edits.push({ from: A[i].start, to: A[i].end, text: "0" });
      continue;
    }
    if (head !== "i32.const" || A[i - 1].text !== "i32.const" || A[i + 1].text !== ")") {
      fail(`a '${head}' operand differs between the builds (${a} vs ${B[i].text}); only i32 constants can be relocated (an address kept as ${head === "i64.const" ? "a 64-bit integer" : head}?)`);
    }
    const kind = kindOfDelta((vb - va) >>> 0);
    if (!kind) fail(`the constant ${a} differs between the builds by ${vb - va}, which is no base's delta`);
    const context = stack[stack.length - 2];
    const formStart = A[i - 2].start;
    const formEnd = A[i + 1].end;
    let replacement: string;
    if (kind === "memory") {
      const where = blockOf(va);
      if (!where) fail(`the constant ${va} moves with the memory base but is no static object's address`);
      usedStatics.add(where!.block);
      const g = `(global.get $static_${where!.block})`;
      replacement = where!.offset ? `(i32.add ${g} (i32.const ${where!.offset}))` : g;
    } else {
      const base = kind === "table" ? "$table_base" : "$class_base";
      const n = va - RELOCATION_BASES[kind!];
      replacement = n ? `(i32.add (global.get ${base}) (i32.const ${n}))` : `(global.get ${base})`;
    }
    if (context === "elem" && kind === "table" && va === RELOCATION_BASES.table) {
      replacement = "(global.get $table_base)";
    } else if (context === "global") {
      // A constant initializer cannot add to an imported global in the engines we target
      // (no extended-const), so the global becomes mutable, starts at 0 and is set first
      // thing in the start function, which runs after the host placed the statics.
      const open = opens[opens.length - 2];
      const nameToken = A[open + 2];
      const typeToken = A[open + 3];
      if (!nameToken?.text.startsWith("$")) fail(`a global initializer holds a relocated value (${va}) but the global has no name`);
      if (typeToken.text === "i32") edits.push({ from: typeToken.start, to: typeToken.end, text: "(mut i32)" });
      lateGlobals.push({ name: nameToken.text, value: replacement });
      replacement = "(i32.const 0)";
    } else if (context === "elem" || context === "data") {
      fail(`a ${context} offset holds ${kind === "memory" ? "an address" : kind === "table" ? "a table index" : "a class id"} (${va}) where only the table base can be relocated`);
    }
    report.code[kind!]++;
    edits.push({ from: formStart, to: formEnd, text: replacement });
  }

  // Whatever fails from here on is about the module as a whole, not the last function read.
  where = "";
  if (lateGlobals.length) {
    const sets = lateGlobals.map((g) => `(global.set ${g.name} ${g.value})`).join("\n  ");
    const exportAt = A.findIndex((t, i) => t.text === '"_start"' && A[i - 1].text === "export");
    if (exportAt < 0) {
      fail("globals are initialized with addresses but the module exports no _start function to set them in");
    }
    const startFunc = A[exportAt + 3].text;
    const funcAt = A.findIndex((t, i) => t.text === startFunc && A[i - 1].text === "func" && A[i - 2].text === "(" && i !== exportAt + 3);
    let at = funcAt + 1;
    while (A[at].text === "(" && ["param", "result", "local", "type"].includes(A[at + 1].text)) {
      let depth = 0;
      do {
        if (A[at].text === "(") ++depth;
        else if (A[at].text === ")") --depth;
        ++at;
      } while (depth > 0);
    }
    edits.push({ from: A[at].start, to: A[at].start, text: sets + "\n  " });
  }

  // The imports the host provides, declared right after the module's first import.
  const firstImport = A.findIndex((t, i) => t.text === "import" && A[i - 1].text === "(");
  const importsAt = A[firstImport - 1].start;
  const declarations = [
    `(import "${LOAD_NAMESPACE}" "table_base" (global $table_base i32))`,
    `(import "${LOAD_NAMESPACE}" "class_base" (global $class_base i32))`,
    ...blocks.map((_, k) => `(import "${LOAD_NAMESPACE}" "static_${k}" (global $static_${k} (mut i32)))`),
  ].join("\n ");
  edits.push({ from: importsAt, to: importsAt, text: declarations + "\n " });
  edits.sort((x, y) => x.from - y.from || x.to - y.to);
  let out = "";
  let at = 0;
  for (const e of edits) {
    out += textA.slice(at, e.from) + e.text;
    at = e.to;
  }
  out += textA.slice(at);

  let module: binaryenNs.Module;
  try {
    module = binaryen.parseText(out);
  } catch (error) {
    // Binaryen reports "line:column: error: …" in the rewritten text: name the function there.
    const message = (error as Error).message ?? String(error);
    const line = Number(/^(\d+):\d+:/.exec(message)?.[1]);
    const func = line ? functionAtLine(out, line) : undefined;
    where = func ? ` (in function ${func})` : "";
    return fail(`the relocated module does not parse: ${message}`);
  }
  module.setFeatures(features);
  if (!module.validate()) {
    module.dispose();
    // Binaryen's validator prints which function and why to stderr; it cannot be read back.
    fail("the relocated module does not validate (Binaryen's validator printed why on stderr)");
  }
  const rttiBlock = segments.findIndex((s) => s.offset === layout.classes.rttiBase);
  const relocatable: PluginLayout & { relocatable: RelocatableLayout } = {
    ...layout,
    memory: { base: 0, end: 0 },
    table: { base: 0, size: layout.table.size },
    classes: { ...layout.classes, base: 0, rttiBase: 0 },
    relocatable: {
      bases: RELOCATION_BASES,
      blocks,
      relocations,
      rttiBlock,
    },
  };
  module.addCustomSection(LAYOUT_SECTION, encodeLayout(relocatable));
  const blob = new Uint8Array(staticsSize);
  let offset = 0;
  for (const s of statics) {
    blob.set(s, offset);
    offset += s.length;
  }
  module.addCustomSection(STATICS_SECTION, blob);
  // Whether Binaryen writes a names section is a process-wide setting that asc changes as it
  // runs; fix it, so the same builds always give the same bytes (no names: like a linked plugin).
  const debugInfo = binaryen.getDebugInfo();
  binaryen.setDebugInfo(false);
  try {
    return { wasm: module.emitBinary(), report };
  } finally {
    binaryen.setDebugInfo(debugInfo);
    module.dispose();
  }
}

/**
 * A build as Binaryen text, with every local named uniquely. Reading a binary can leave a
 * local unnamed next to one whose name is another's index (`$9` twice, at -O0 in
 * `Float64Array#reduce`), and the text would not parse back. Both builds are renamed alike,
 * so their tokens still line up; function names stay, for error messages.
 */
function textOf(wasm: Uint8Array): string {
  // binaryen.Function exists at run time; the typings only declare it on Module.
  const Fn = (binaryen as unknown as { Function: binaryenNs.Module["Function"] }).Function;
  const module = binaryen.readBinary(wasm);
  try {
    for (let f = 0, n = module.getNumFunctions(); f < n; ++f) {
      const func = module.getFunctionByIndex(f);
      if (binaryen.getFunctionInfo(func).module) continue; // an import: no locals to print
      const used = new Set<string>();
      for (let i = 0, locals = Fn.getNumLocals(func); i < locals; ++i) {
        const base = Fn.hasLocalName(func, i) ? Fn.getLocalName(func, i) : String(i);
        let name = base;
        for (let k = 1; used.has(name); ++k) name = `${base}~${k}`;
        used.add(name);
        if (name !== base || !Fn.hasLocalName(func, i)) Fn.setLocalName(func, i, name);
      }
    }
    return module.emitText();
  } finally {
    module.dispose();
  }
}

/** The function whose text contains the given (1-based) line of a module's text. */
function functionAtLine(text: string, line: number): string | undefined {
  const lines = text.split("\n", line);
  for (let i = lines.length - 1; i >= 0; --i) {
    const m = /^ \(func (\S+)/.exec(lines[i]);
    if (m) return m[1].replace(/^\$/, "");
    if (/^ \(/.test(lines[i])) return undefined; // inside another module field
  }
  return undefined;
}
