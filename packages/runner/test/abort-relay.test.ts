import { describe, expect, it } from "vitest";
import { PluginAbort } from "../src/errors.js";
import { instantiateModule } from "../src/module-files.js";
import { standardEnv, withoutRelay } from "../src/standard-env.js";

/**
 * A module importing `env.abort` with `params` i32 parameters and exporting `fail()`, which
 * calls it with 0, 0, 1, 2 (as many as it takes).
 */
function aborting(params: number): WebAssembly.Module {
  const body = [0, ...[0, 0, 1, 2].slice(0, params).flatMap((v) => [0x41, v]), 0x10, 0, 0x0b];
  const section = (id: number, bytes: number[]) => [id, bytes.length, ...bytes];
  const text = (s: string) => [s.length, ...new TextEncoder().encode(s)];
  return new WebAssembly.Module(
    new Uint8Array([
      ...[0, 97, 115, 109, 1, 0, 0, 0],
      ...section(1, [2, 0x60, params, ...Array(params).fill(0x7f), 0, 0x60, 0, 0]),
      ...section(2, [1, ...text("env"), ...text("abort"), 0, 0]),
      ...section(3, [1, 1]),
      ...section(7, [1, ...text("fail"), 0, 1]),
      ...section(10, [1, body.length, ...body]),
    ]),
  );
}

const env = (plugin: string) =>
  standardEnv(
    () => undefined,
    plugin,
    new WebAssembly.Memory({ initial: 1 }),
    new WebAssembly.Table({ initial: 1, element: "anyfunc" }),
    () => {},
  );

describe("env.abort", () => {
  it("reaches the plugin's abort through the relay (AssemblyScript's signature)", async () => {
    const imports = { env: env("words") };
    const instance = await instantiateModule(aborting(4), imports as WebAssembly.Imports, "words", () => withoutRelay(imports) as WebAssembly.Imports);
    const fail = instance.exports.fail as () => void;
    expect(fail).toThrow(PluginAbort);
    expect(fail).toThrow("plugin 'words' aborted: abort");
  });

  it("is the JS function itself for a module that imports abort with another signature", async () => {
    const imports = { env: env("odd") };
    await expect(instantiateModule(aborting(1), imports as WebAssembly.Imports, "odd")).rejects.toMatchObject({ code: "INSTANTIATE_FAILED" });
    const instance = await instantiateModule(aborting(1), imports as WebAssembly.Imports, "odd", () => withoutRelay(imports) as WebAssembly.Imports);
    expect(instance.exports.fail as () => void).toThrow("plugin 'odd' aborted: abort");
  });
});
