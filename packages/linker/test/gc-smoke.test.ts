import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SharedHost } from "@shared-rt/runner";
import { tempProject, type TempProject } from "../src/testing.js";

// Objects of several plugins' classes, reachable only from one plugin's globals, another's
// objects, or frames of a cross-plugin call, survive forced collections. (The full stress
// suite belongs to the runtime; this keeps the linked path honest from the start.)
const store = `
class Node {
  constructor(public label: string, public next: Node | null) {}
}
let kept: Array<Node> = [];
export function keep(label: string): void {
  kept.push(new Node(label, kept.length ? kept[kept.length - 1] : null));
}
export function labels(): string {
  let out = "";
  for (let i = 0; i < kept.length; ++i) out += kept[i].label + (kept[i].next ? "<" + kept[i].next!.label : "") + ";";
  return out;
}
`;
const user = `
import { keep, labels } from "./store-api";
class Payload { constructor(public text: string) {} }
let mine: Map<string, Payload> = new Map();
export function fill(n: i32, collectInside: bool): void {
  for (let i = 0; i < n; ++i) {
    const p = new Payload("p" + i.toString());
    mine.set(p.text, p);
    keep("k" + i.toString());
    if (collectInside) __collect();
  }
}
export function check(n: i32): string {
  for (let i = 0; i < n; ++i) {
    if (!mine.has("p" + i.toString())) return "missing p" + i.toString();
    if (mine.get("p" + i.toString()).text != "p" + i.toString()) return "corrupt p" + i.toString();
  }
  return labels();
}
`;
const storeApi = `
@external("store", "keep") export declare function keep(label: string): void;
@external("store", "labels") export declare function labels(): string;
`;

for (const collector of ["incremental", "minimal"] as const) {
  for (const optimizeLevel of [0, 3]) {
    describe(`objects across plugins survive collections (${collector}, -O${optimizeLevel})`, () => {
      let project: TempProject;
      let host: SharedHost;
      beforeAll(async () => {
        project = await tempProject(
          { "store.ts": store, "user.ts": user, "store-api.ts": storeApi },
          { plugins: { user: { entry: "user.ts" }, store: { entry: "store.ts" } }, collector, optimizeLevel },
        );
        await project.build();
        host = await project.load();
      });
      afterAll(() => project.remove());

      it("keeps every value intact", () => {
        // The minimal collector may only run with no wasm frame live (plugins keep no shadow
        // stack), so only the incremental build collects in the middle of the call.
        host.call("user", "fill", 50, collector === "incremental");
        for (let i = 0; i < 20; ++i) host.collect();
        const expected = Array.from({ length: 50 }, (_, i) => `k${i}${i ? `<k${i - 1}` : ""};`).join("");
        expect(host.call("user", "check", 50)).toBe(expected);
      });

      it("gives the plugins disjoint class-id ranges", () => {
        const [a, b] = host.manifest.plugins.map((p) => p.classes);
        expect(a.count).toBeGreaterThan(0);
        expect(b.count).toBeGreaterThan(0);
        expect(a.base + a.count <= b.base || b.base + b.count <= a.base).toBe(true);
      });
    });
  }
}
