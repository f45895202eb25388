import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Manifest } from "@shared-rt/abi";
import { renderMap } from "../src/render-map.js";
import { tempProject, type TempProject } from "../src/testing.js";

describe("the layout map", () => {
  let project: TempProject;
  let manifest: Manifest;
  let svg: string;
  beforeAll(async () => {
    project = await tempProject(
      { "a.ts": 'class A { x: string = "a"; }\nexport function f(): string { return new A().x; }\n', "b.ts": "export function g(): i32 { return 2; }\n" },
      { plugins: { a: { entry: "a.ts" }, b: { entry: "b.ts" } }, optimizeLevel: 0 },
    );
    manifest = (await project.build()).manifest;
    svg = renderMap(manifest, "test map");
  });
  afterAll(() => project.remove());

  it("is one SVG document with a row each for memory, table and class ids", () => {
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith("</svg>")).toBe(true);
    for (const row of ["memory", "table", "classes"]) expect(svg).toContain(`<g class="row ${row}">`);
  });

  it("draws every plugin in every row, labelled, with its exact range on hover", () => {
    for (const p of manifest.plugins) {
      const boxes = svg.match(new RegExp(`<g class="box plugin" data-label="${p.name}"`, "g")) ?? [];
      expect(boxes).toHaveLength(3);
      expect(svg).toContain(`<title>plugin ${p.name}: static data ${p.memory.base}..${p.memory.end - 1}`);
      expect(svg).toContain(`class ids ${p.classes.base}..${p.classes.base + p.classes.count - 1} in use`);
    }
  });

  it("draws the runtime, the shared stack and the heap above the plugins, in address order", () => {
    const order = ["null page", ...[...manifest.plugins].sort((a, b) => a.memory.base - b.memory.base).map((p) => p.name), "runtime", "shared stack", "heap"];
    const memoryRow = svg.slice(svg.indexOf('<g class="row memory">'), svg.indexOf('<g class="row table">'));
    const labels = [...memoryRow.matchAll(/data-label="([^"]+)"/g)].map((m) => m[1]);
    expect(labels).toEqual(order);
    expect(memoryRow).toContain(`data-size="${manifest.runtime.stackTop - manifest.runtime.memory.end}"`);
  });
});
