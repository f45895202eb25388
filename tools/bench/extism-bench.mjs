// The Extism baseline for passing a 64 KiB string from one plugin to another: two plugins
// written with Extism's AssemblyScript PDK (@extism/as-pdk), compiled with the same asc, run by
// its JS SDK (@extism/extism); the host takes the producer's output and passes it to the
// consumer, as an Extism host must (Extism plugins share no memory). Extism moves bytes: the
// PDK encodes the string to UTF-8 (32 KiB of ASCII here) and decodes it on the other side.
import { writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { runAsc } from "@shared-rt/runtime/asc";
import { tempDir } from "./bench-support.mjs";

const pdk = createRequire(import.meta.url).resolve("@extism/as-pdk");

const ABORT = `function myAbort(message: string | null, fileName: string | null, line: u32, column: u32): void {}`;
const PRODUCER = `${ABORT}
let kept = "";
export function make(): i32 { const n = I32.parseInt(Host.inputString()); kept = "a".repeat(<i32>n - 1) + "z"; return 0; }
export function produce(): i32 { Host.outputString(kept); return 0; }`;
const CONSUMER = `${ABORT}
export function consume(): i32 {
  const s = Host.inputString();
  Host.outputString((s.charCodeAt(s.length - 1) + s.length).toString());
  return 0;
}`;

/** Compiles an Extism plugin as its PDK's README says (asc with `--use abort=<file>/myAbort`). */
async function compile(dir, name, source) {
  const from = path.relative(dir, pdk).replace(/\\/g, "/").replace(/\.ts$/, "");
  await writeFile(path.join(dir, `${name}.ts`), `import { Host } from "${from}";\n${source}`);
  const run = await runAsc([`${name}.ts`, "--baseDir", dir, "-O3", "--noColors", "--use", `abort=${name}/myAbort`, "-o", `${name}.wasm`]);
  if (run.error) throw new Error(`Extism plugin ${name} does not compile: ${run.stderr || run.error.message}`);
  return run.outputs.get(`${name}.wasm`);
}

/** The two plugins running under the Extism JS SDK; `pass()` moves the string once. */
export async function extismPair(chars) {
  const { default: createPlugin } = await import("@extism/extism");
  const tmp = await tempDir({});
  const producer = await createPlugin({ wasm: [{ data: await compile(tmp.dir, "producer", PRODUCER) }] }, { useWasi: false });
  const consumer = await createPlugin({ wasm: [{ data: await compile(tmp.dir, "consumer", CONSUMER) }] }, { useWasi: false });
  await tmp.remove();
  await producer.call("make", String(chars));
  const pass = async () => {
    const out = await producer.call("produce");
    return Number((await consumer.call("consume", out.bytes())).text());
  };
  if ((await pass()) !== 0x7a + chars) throw new Error("the Extism pair computes a wrong result");
  return {
    pass,
    close: async () => {
      await producer.close();
      await consumer.close();
    },
  };
}
