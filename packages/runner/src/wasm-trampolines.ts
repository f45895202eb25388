/**
 * Two tiny wasm modules the host makes at run time for calls that wait with JSPI (async-calls.ts).
 * JSPI switches only the wasm stack; the shadow stack pointer (`__stack_pointer`, one global for
 * the whole memory) must be right the moment a suspended call resumes, and no JS runs at that
 * moment (the engine resumes the wasm frames from a microtask). So the restore is done in wasm,
 * by a frame that is itself suspended with the call:
 *
 * ```
 * import trampoline (given to the plugin for an async import)      export trampoline (promising)
 *   sp0 = sp; cur0 = cur                                             cur = record; sp = top
 *   r = suspending(args…)   ;; JS records sp, may suspend            r = export(args…)
 *   sp = sp0; cur = cur0    ;; first thing after resuming            r = finished(r)  ;; JS lifts r
 *   r = resumed(r)          ;; reference results: JS unpins r        sp = idle; cur = 0
 * ```
 *
 * `cur` is a global the host owns: the address of the stack-range record of the call running
 * now (0 on the main stack), so the JS half of an import knows whose `sp` to record.
 */
import { isReference, type AsType } from "./as-types.js";
import { section, sleb, text, uleb, vector, WASM_HEADER } from "./wasm-encoding.js";

type ValType = "i32" | "i64" | "f32" | "f64";

const VALTYPE: Record<ValType, number> = { i32: 0x7f, i64: 0x7e, f32: 0x7d, f64: 0x7c };

/** The wasm type of an AssemblyScript value (a reference is its address), or none for void. */
export function wasmType(type: AsType): ValType | undefined {
  if (type.kind === "void") return undefined;
  if (type.kind === "bigint") return "i64";
  if (type.kind === "number" && (type.name === "f32" || type.name === "f64")) return type.name;
  return "i32";
}

const funcType = (params: ValType[], results: ValType[]) => [0x60, ...vector(params.map((t) => [VALTYPE[t]])), ...vector(results.map((t) => [VALTYPE[t]]))];
const mutI32Import = (name: string) => [...text("t"), ...text(name), 0x03, 0x7f, 0x01];

const LOCAL_GET = 0x20;
const LOCAL_SET = 0x21;
const GLOBAL_GET = 0x23;
const GLOBAL_SET = 0x24;
const CALL = 0x10;
const I32_CONST = 0x41;
/** Imported globals of both modules: the runtime's `__stack_pointer` and the host's `cur`. */
const SP = 0;
const CUR = 1;

function moduleBytes(types: number[][], imports: number[][], funcTypeIndex: number, exportIndex: number, locals: number, body: number[]): Uint8Array {
  const code = [...vector(locals ? [[...uleb(locals), VALTYPE.i32]] : []), ...body, 0x0b];
  return new Uint8Array([
    ...WASM_HEADER,
    ...section(1, vector(types)),
    ...section(2, vector(imports)),
    ...section(3, vector([uleb(funcTypeIndex)])),
    ...section(7, vector([[...text("f"), 0x00, ...uleb(exportIndex)]])),
    ...section(10, vector([[...uleb(code.length), ...code]])),
  ]);
}

/** The import trampoline for a host import of these AssemblyScript types (imports `t.f`, `t.resumed`, `t.sp`, `t.cur`). */
export function importTrampoline(params: AsType[], result: AsType): Uint8Array {
  const p = params.map(wasmType) as ValType[];
  const r = wasmType(result);
  const results = r ? [r] : [];
  const unpin = isReference(result);
  const types = [funcType(p, results), funcType(["i32"], ["i32"])];
  const imports = [
    [...text("t"), ...text("f"), 0x00, 0x00],
    ...(unpin ? [[...text("t"), ...text("resumed"), 0x00, 0x01]] : []),
    mutI32Import("sp"),
    mutI32Import("cur"),
  ];
  const sp0 = p.length;
  const cur0 = p.length + 1;
  const body = [
    GLOBAL_GET,
    SP,
    LOCAL_SET,
    ...uleb(sp0),
    GLOBAL_GET,
    CUR,
    LOCAL_SET,
    ...uleb(cur0),
    ...p.flatMap((_, i) => [LOCAL_GET, ...uleb(i)]),
    CALL,
    0,
    LOCAL_GET,
    ...uleb(sp0),
    GLOBAL_SET,
    SP,
    LOCAL_GET,
    ...uleb(cur0),
    GLOBAL_SET,
    CUR,
    ...(unpin ? [CALL, 1] : []),
  ];
  return moduleBytes(types, imports, 0, unpin ? 2 : 1, 2, body);
}

/**
 * The export trampoline for a plugin export of these types: `f(record, top, args…)` runs the
 * export (imported as `t.f`) on the stack whose record and top it is given, hands a result to
 * `t.finished` while no other call can run (JS lifts it there: once the frames are popped, the
 * object is referenced by nothing the collector sees), and sets the stack pointer back to
 * `idle` (the main stack's top: no JS frame below can hold wasm frames).
 */
export function exportTrampoline(params: AsType[], result: AsType, idle: number): Uint8Array {
  const p = params.map(wasmType) as ValType[];
  const r = wasmType(result);
  const results = r ? [r] : [];
  const types = [funcType(p, results), funcType(["i32", "i32", ...p], results), funcType(results, results)];
  const imports = [
    [...text("t"), ...text("f"), 0x00, 0x00],
    ...(r ? [[...text("t"), ...text("finished"), 0x00, 0x02]] : []),
    mutI32Import("sp"),
    mutI32Import("cur"),
  ];
  const body = [
    LOCAL_GET,
    0,
    GLOBAL_SET,
    CUR,
    LOCAL_GET,
    1,
    GLOBAL_SET,
    SP,
    ...p.flatMap((_, i) => [LOCAL_GET, ...uleb(i + 2)]),
    CALL,
    0,
    ...(r ? [CALL, 1] : []),
    I32_CONST,
    ...sleb(idle),
    GLOBAL_SET,
    SP,
    I32_CONST,
    0,
    GLOBAL_SET,
    CUR,
  ];
  return moduleBytes(types, imports, 1, r ? 2 : 1, 0, body);
}
