import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempProject, type TempProject } from "@shared-rt/linker/testing";
import { raw, SharedHost, ValueError, type HostImports, type Manifest } from "@shared-rt/runner";

const source = (name: string) => readFile(new URL(`./plugins/${name}`, import.meta.url), "utf8");

// Host functions receive the JS values their plugin's declaration types, and return JS values
// the host lowers into the shared heap; `raw` keeps wasm values.
describe("host functions with converted arguments and results", () => {
  let project: TempProject;
  let manifest: Manifest;
  let host: SharedHost;
  const seen: unknown[] = [];

  const hostImports = (h: SharedHost): HostImports => ({
    host: {
      words: (text: string) => text.split(" "),
      join: (parts: string[], separator: string | null) => parts.join(separator ?? "-"),
      evens: (counts: Map<string, number>) => new Set([...counts.values()].filter((n) => n % 2 === 0)),
      halves: (bytes: Uint8Array) => Float64Array.from(bytes, (b) => b / 2),
      scale: (x: bigint, negate: boolean) => {
        seen.push(typeof x, negate);
        return negate ? -x * 2n : x * 2n;
      },
      maybe: (text: string | null) => (text === null ? null : `<${text}>`),
      // A class instance stays an address, checked to be a Box when it comes back.
      same: (box: number) => box,
      fresh: (n: number) => {
        // A full collection while the plugin waits in this call, before the result is built.
        h.collect();
        return Array.from({ length: n }, (_, i) => `s${i}`);
      },
      freshText: (n: number) => "x".repeat(n),
      length: raw((ptr: number) => h.readString(ptr)!.length * 10),
      bad: () => 3,
    },
    raw: raw({ address: (ptr: number) => ptr }),
  });

  beforeAll(async () => {
    project = await tempProject(
      { "host-calls.ts": await source("host-calls.ts"), "host.mjs": "export default {};" },
      { plugins: { calls: { entry: "host-calls.ts" } }, host: "host.mjs", optimizeLevel: 1 },
    );
    manifest = (await project.build()).manifest;
    host = await project.load({ hostImports });
  });
  afterAll(() => project.remove());

  it("records each host import's signature in the manifest", () => {
    const imports = manifest.plugins[0].imports.filter((i) => i.provider === "host");
    expect(imports.find((i) => i.name === "join")?.signature).toMatchObject({ params: ["Array<string>", "string | null"], result: "string" });
    expect(imports.find((i) => i.name === "scale")?.signature).toMatchObject({ params: ["i64", "bool"], result: "i64" });
  });

  it("passes strings, arrays, maps, sets, typed arrays and null both ways", () => {
    expect(host.call("calls", "split", "one shared heap")).toBe("one|shared|heap");
    expect(host.call("calls", "joined")).toBe("a+b+c x-y");
    expect(host.call("calls", "evenValues")).toBe("2 2 4");
    expect(host.call("calls", "halved")).toBe(3000 + 1 + 2.5 + 127.5);
    expect(host.call("calls", "maybeBoth")).toBe("null <x>");
    expect(host.pins.size).toBe(0);
  });

  it("passes i64 as bigint and bool as boolean", () => {
    seen.length = 0;
    expect(host.call("calls", "scaled", 2n ** 40n, false)).toBe(2n ** 41n);
    expect(host.call("calls", "scaled", 5n, true)).toBe(-10n);
    expect(seen).toEqual(["bigint", false, "bigint", true]);
  });

  it("passes class instances as addresses, checked on the way back", () => {
    expect(host.call("calls", "boxed", 7)).toBe(7);
  });

  it("keeps a freshly lowered result alive through full collections once the plugin has it", () => {
    const live = () => {
      host.collect();
      return host.heapLive;
    };
    const expected = Array.from({ length: 300 }, (_, i) => `s${i}`).join(",");
    expect(host.call("calls", "freshSurvives", 300)).toBe(expected);
    const before = live();
    for (let i = 0; i < 20; ++i) expect(host.call("calls", "freshSurvives", 300)).toBe(expected);
    // Large enough to grow the memory while it is lowered.
    expect(host.call("calls", "freshTextSurvives", 1 << 20)).toBe("x".repeat(1 << 20));
    expect(host.call("calls", "freshTextSurvives", 5)).toBe("xxxxx");
    // Nothing stays pinned or reachable: the results are garbage once the calls are over.
    expect(host.pins.size).toBe(0);
    expect(live()).toBeLessThanOrEqual(before + 4096);
  });

  it("gives raw wasm values to a function or namespace marked raw()", () => {
    expect(host.call("calls", "rawLength", "abc")).toBe(30);
    expect(host.call("calls", "rawAddress", "abc")).toBe(true);
  });

  it("gives raw values to an import whose signature was not recorded (an older build)", async () => {
    const old = structuredClone(manifest);
    for (const imp of old.plugins[0].imports) delete imp.signature;
    const dir = path.join(project.dir, "build");
    const pointers: unknown[] = [];
    const oldHost = await SharedHost.load(old, {
      readFile: async (file) => new Uint8Array(await readFile(path.join(dir, file))),
      hostImports: (h) => {
        const imports = hostImports(h);
        imports.host.words = (ptr: number) => {
          pointers.push(ptr);
          return h.lower(h.readString(ptr)!.split(" "), "Array<string>", "calls");
        };
        return imports;
      },
    });
    expect(oldHost.call("calls", "split", "a b")).toBe("a|b");
    expect(typeof pointers[0]).toBe("number");
  });

  it("refuses a result that does not fit with a ValueError naming plugin, import and type", () => {
    const error = catchError(() => host.call("calls", "badResult"));
    expect(error).toBeInstanceOf(ValueError);
    expect(error).toMatchObject({ code: "BAD_VALUE", type: "string" });
    expect(error.message).toBe("the result of host function 'host.bad' imported by plugin 'calls' is string: expected a string or an owned string, found 3");
  });

  it("refuses an argument that is not an object with a ValueError", () => {
    const error = catchError(() => host.call("calls", "badArgument"));
    expect(error).toBeInstanceOf(ValueError);
    expect(error).toMatchObject({ code: "BAD_VALUE", type: "string | null" });
    expect(error.message).toBe(
      "argument 1 of host function 'host.maybe' imported by plugin 'calls' is string | null, but the plugin passed address 6, which is not an object",
    );
    // The host is usable after either.
    expect(host.call("calls", "split", "still fine")).toBe("still|fine");
    expect(host.pins.size).toBe(0);
  });
});

function catchError(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected an error");
}
